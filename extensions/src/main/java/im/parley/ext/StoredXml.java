package im.parley.ext;

import java.io.StringReader;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;

/**
 * Reads back XML the modules stored as text (offline stanzas, vCards, private XML). The text was written by
 * {@link Element#asXML()}, so a failure means the row was damaged: it is reported, never repaired.
 */
public final class StoredXml {
    private StoredXml() {}

    /** The root element of {@code xml}, detached from its document. */
    public static Element parse(String xml) {
        try {
            // createDefault() refuses DOCTYPEs and external entities, like the stream parser.
            Element root = SAXReader.createDefault().read(new StringReader(xml)).getRootElement();
            root.detach();
            return root;
        } catch (DocumentException e) {
            throw new IllegalStateException("stored XML is not well-formed: " + e.getMessage(), e);
        }
    }
}
