package im.parley.testing;

import java.io.StringReader;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/** Turns example XML, as printed in an RFC or XEP, into dom4j elements and Tinder packets. */
public final class Stanzas {
    private Stanzas() {}

    /** An {@code <iq/>}, {@code <message/>} or {@code <presence/>}, by the root element's name. */
    public static Packet parse(String xml) {
        Element root = element(xml);
        return switch (root.getName()) {
            case "iq" -> new IQ(root, true);
            case "message" -> new Message(root, true);
            case "presence" -> new Presence(root, true);
            default -> throw new IllegalArgumentException("not a stanza: <" + root.getName() + "/>");
        };
    }

    public static IQ iq(String xml) {
        if (!(parse(xml) instanceof IQ iq)) {
            throw new IllegalArgumentException("not an <iq/>: " + xml);
        }
        return iq;
    }

    public static Element element(String xml) {
        try {
            // dom4j's createDefault() refuses DOCTYPEs and external entities, as our stream parser does.
            SAXReader reader = SAXReader.createDefault();
            Document document = reader.read(new StringReader(xml.strip()));
            Element root = document.getRootElement();
            root.detach();
            return root;
        } catch (DocumentException e) {
            throw new IllegalArgumentException("example XML is not well-formed: " + e.getMessage(), e);
        }
    }
}
