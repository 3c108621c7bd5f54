package im.parley.ext;

import java.io.StringReader;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.xml.sax.SAXException;

/**
 * Reads back XML the modules stored as text (offline stanzas, vCards, private XML). The text was written by
 * {@link Element#asXML()}, so a failure means the row was damaged: it is reported, never repaired.
 */
public final class StoredXml {
    /**
     * One reader per thread: SAXReader is not thread-safe, and a new one per stanza configured a new SAX parser each
     * time (probing features by exception), which showed in the offline drain's profile.
     */
    private static final ThreadLocal<SAXReader> READER = ThreadLocal.withInitial(StoredXml::reader);

    private StoredXml() {}

    /**
     * createDefault() never resolves external entities; refusing any DOCTYPE as well (RFC 6120 §11.1, like the
     * stream parser) means no entity of any kind is expanded from a damaged or tampered row.
     */
    private static SAXReader reader() {
        SAXReader reader = SAXReader.createDefault();
        try {
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser cannot refuse DOCTYPEs", e);
        }
        return reader;
    }

    /** The root element of {@code xml}, detached from its document. */
    public static Element parse(String xml) {
        try {
            Element root = READER.get().read(new StringReader(xml)).getRootElement();
            root.detach();
            return root;
        } catch (DocumentException e) {
            throw new IllegalStateException("stored XML is not well-formed: " + e.getMessage(), e);
        }
    }
}
