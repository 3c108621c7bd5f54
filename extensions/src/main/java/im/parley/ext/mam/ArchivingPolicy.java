package im.parley.ext.mam;

import java.util.List;
import org.dom4j.Element;
import org.xmpp.packet.Message;

/** XEP-0313 §5.1.1 and XEP-0334 §4: which messages belong in a user archive. */
final class ArchivingPolicy {
    static final String HINTS = "urn:xmpp:hints";

    private ArchivingPolicy() {}

    static boolean archivable(Message message) {
        Message.Type type = message.getType();
        // XEP-0313 §5.1.1: messages of type 'normal' or 'chat' with a <body/>; errors, headlines and groupchat are not
        // kept (groupchat belongs to the room's archive).
        if (type != Message.Type.normal && type != Message.Type.chat) {
            return false;
        }
        List<Element> children = message.getElement().elements();
        if (hint(children, "no-store") || hint(children, "no-permanent-store")) {
            return false; // XEP-0334 §4.1-4.2: the sender asked that it not be kept
        }
        if (hint(children, "store")) {
            return true; // XEP-0334 §4.3: kept even without a body (e.g. a marker the sender wants in the history)
        }
        return children.stream().anyMatch(ArchivingPolicy::isBody);
    }

    private static boolean isBody(Element child) {
        String ns = child.getNamespaceURI();
        return "body".equals(child.getName()) && (ns.isEmpty() || "jabber:client".equals(ns));
    }

    private static boolean hint(List<Element> children, String name) {
        return children.stream().anyMatch(c -> name.equals(c.getName()) && HINTS.equals(c.getNamespaceURI()));
    }
}
