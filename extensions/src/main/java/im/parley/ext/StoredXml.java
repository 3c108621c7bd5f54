package im.parley.ext;

import im.parley.binary.StaticNames;
import im.parley.xml.XmlParserFactory;
import im.parley.xml.XmlTextParser;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;

/**
 * Reads back XML the modules stored as text (offline stanzas, archived messages, vCards, private XML). The text was
 * written by {@link Element#asXML()}, so a failure means the row was damaged: it is reported, never repaired.
 */
public final class StoredXml {
    /**
     * The stream's parser (Aalto) and rules, not the JDK's SAX parser: an offline drain or an archive page reads
     * thousands of rows, and the SAX path was a second, colder XML stack for the JIT on the server's hottest
     * storage reads. The binary dictionary's names, the same instances the server's streams use, are shared by every
     * read: a stored stanza is made of the same few names. Stateless and thread-safe.
     */
    private static final XmlTextParser PARSER = new XmlTextParser(new XmlParserFactory(), DocumentFactory.getInstance(),
            StaticNames.v1().known());

    private StoredXml() {}

    /** The root element of {@code xml}, with no document; DTDs and entities are refused (RFC 6120 §11.1). */
    public static Element parse(String xml) {
        try {
            return PARSER.parse(xml);
        } catch (XmlTextParser.XmlTextException e) {
            throw new IllegalStateException("stored XML is not well-formed: " + e.getMessage(), e);
        }
    }
}
