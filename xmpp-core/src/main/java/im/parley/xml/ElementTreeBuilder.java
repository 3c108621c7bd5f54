package im.parley.xml;

import java.util.Arrays;
import javax.xml.stream.XMLStreamReader;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;

/**
 * Builds one first-level element from parser events, straight into dom4j nodes (no String round trip). Adjacent text
 * segments, which the async parser hands out in pieces at buffer boundaries, become one text node.
 */
final class ElementTreeBuilder {
    private final DocumentFactory documentFactory;
    private final NameTable names;
    private Element[] open;
    private int depth;
    private String pendingText;
    private final StringBuilder textBuffer = new StringBuilder();

    /** {@code depthHint}: the deepest nesting expected; the builder grows past it (the caller enforces any limit). */
    ElementTreeBuilder(DocumentFactory documentFactory, KnownNames known, int depthHint) {
        this.documentFactory = documentFactory;
        this.names = new NameTable(documentFactory, known);
        this.open = new Element[depthHint];
    }

    int depth() {
        return depth;
    }

    /** The parser is on a START_ELEMENT; the caller has checked the depth limit. */
    void start(XMLStreamReader reader) {
        flushText();
        String prefix = reader.getPrefix();
        String uri = reader.getNamespaceURI();
        Element element = documentFactory.createElement(names.get(reader.getLocalName(), prefix, uri));
        int declarations = reader.getNamespaceCount();
        for (int i = 0; i < declarations; i++) {
            String declaredPrefix = nonNull(reader.getNamespacePrefix(i));
            String declaredUri = nonNull(reader.getNamespaceURI(i));
            // The element's own binding lives in its QName; keep only the extra declarations (e.g. prefixes used in
            // attribute values) so they survive a re-serialisation.
            if (!(declaredPrefix.equals(nonNull(prefix)) && declaredUri.equals(nonNull(uri)))) {
                element.add(PeerNames.namespace(declaredPrefix, declaredUri));
            }
        }
        int attributes = reader.getAttributeCount();
        for (int i = 0; i < attributes; i++) {
            element.add(documentFactory.createAttribute(element,
                    names.get(reader.getAttributeLocalName(i), reader.getAttributePrefix(i),
                            reader.getAttributeNamespace(i)),
                    reader.getAttributeValue(i)));
        }
        if (depth > 0) {
            open[depth - 1].add(element);
        }
        if (depth == open.length) {
            open = Arrays.copyOf(open, 2 * depth);
        }
        open[depth++] = element;
    }

    void text(String text) {
        if (pendingText == null) {
            pendingText = text;
        } else {
            if (textBuffer.isEmpty()) {
                textBuffer.append(pendingText);
            }
            textBuffer.append(text);
        }
    }

    /** Closes the innermost element; returns the finished first-level element, or null while still inside it. */
    Element end() {
        flushText();
        Element element = open[--depth];
        open[depth] = null;
        return depth == 0 ? element : null;
    }

    void reset() {
        for (int i = 0; i < depth; i++) {
            open[i] = null;
        }
        depth = 0;
        pendingText = null;
        textBuffer.setLength(0);
    }

    private void flushText() {
        if (pendingText == null) {
            return;
        }
        String text = textBuffer.isEmpty() ? pendingText : textBuffer.toString();
        pendingText = null;
        textBuffer.setLength(0);
        open[depth - 1].addText(text);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
