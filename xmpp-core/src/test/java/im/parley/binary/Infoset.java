package im.parley.binary;

import im.parley.stream.StreamHeader;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Node;

/**
 * A canonical, prefix-free rendering of an element's infoset, for comparing what went into the encoder with what came
 * out of the decoder: effective namespaces (an element in no namespace inherits its parent's, a top-level one is in
 * {@code jabber:client}), local names, attributes in order, text with adjacent nodes joined and empty ones dropped.
 */
final class Infoset {
    private Infoset() {}

    static String of(Element element) {
        StringBuilder out = new StringBuilder();
        append(element, StreamHeader.CLIENT_NAMESPACE, out, 0);
        return out.toString();
    }

    private static void append(Element element, String parentNamespace, StringBuilder out, int indent) {
        String uri = element.getNamespaceURI();
        String namespace = uri.isEmpty() ? parentNamespace : uri;
        out.append("  ".repeat(indent)).append('{').append(namespace).append('}').append(element.getName());
        for (int i = 0; i < element.attributeCount(); i++) {
            Attribute attribute = element.attribute(i);
            if (attribute.getNamespaceURI().isEmpty() && attribute.getName().equals("xmlns")) {
                continue;
            }
            out.append(" @{").append(attribute.getNamespaceURI()).append('}').append(attribute.getName())
                    .append("=\"").append(escape(attribute.getValue())).append('"');
        }
        out.append('\n');
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < element.nodeCount(); i++) {
            Node node = element.node(i);
            switch (node.getNodeType()) {
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(node.getText());
                case Node.ELEMENT_NODE -> {
                    flushText(text, out, indent + 1);
                    append((Element) node, namespace, out, indent + 1);
                }
                default -> {
                }
            }
        }
        flushText(text, out, indent + 1);
    }

    private static void flushText(StringBuilder text, StringBuilder out, int indent) {
        if (!text.isEmpty()) {
            out.append("  ".repeat(indent)).append("text \"").append(escape(text.toString())).append("\"\n");
            text.setLength(0);
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
