package im.parley.xml;

import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;

/**
 * Reads one element held as text (stanzas and payloads stored with {@link Element#asXML()}) into dom4j, with the
 * stream's parser and rules: Aalto, no DTD, no entity expansion, restricted XML refused (RFC 6120 §11.1). Reading
 * back with the stream's parser instead of a SAX parser keeps an offline drain or an archive page on code that is
 * already hot. Thread-safe: each call has its own reader and builder.
 */
public final class XmlTextParser {
    private static final int DEPTH_HINT = 16;

    private final XmlParserFactory parsers;
    private final DocumentFactory documentFactory;
    private final KnownNames known;

    /** {@code known}: names shared by every call (a stored stanza's names are mostly the same few). */
    public XmlTextParser(XmlParserFactory parsers, DocumentFactory documentFactory, KnownNames known) {
        this.parsers = parsers;
        this.documentFactory = documentFactory;
        this.known = known;
    }

    /** The one root element of {@code xml}, with no document; throws when the text is not one well-formed element. */
    public Element parse(String xml) {
        ElementTreeBuilder builder = new ElementTreeBuilder(documentFactory, known, DEPTH_HINT);
        Element root = null;
        try {
            XMLStreamReader reader = parsers.newReader(xml);
            try {
                while (reader.hasNext()) {
                    int event = reader.next();
                    switch (event) {
                        case XMLStreamConstants.START_ELEMENT -> {
                            if (root != null) {
                                throw new XmlTextException("more than one root element");
                            }
                            builder.start(reader);
                        }
                        case XMLStreamConstants.END_ELEMENT -> root = builder.end();
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                            if (builder.depth() > 0) {
                                builder.text(reader.getText());
                            } else if (!reader.isWhiteSpace()) {
                                throw new XmlTextException("text outside the root element");
                            }
                        }
                        default -> {
                            Optional<String> refused = RestrictedXml.describe(event, reader);
                            if (refused.isPresent()) {
                                throw new XmlTextException(refused.get());
                            }
                            // START_DOCUMENT, END_DOCUMENT: nothing to keep
                        }
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof XmlTextException refused) {
                throw refused;
            }
            // Aalto reports some errors from getText() unchecked (text is parsed lazily)
            throw new XmlTextException("not well-formed: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new XmlTextException("no complete root element");
        }
        return root;
    }

    /** The text is not one well-formed, unrestricted element. */
    public static final class XmlTextException extends IllegalArgumentException {
        XmlTextException(String message) {
            super(message);
        }

        XmlTextException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
