package im.parley.xml;

import im.parley.stream.StreamHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;

/**
 * Serialises dom4j elements as UTF-8 straight into a {@link ByteBuf}, for one stream. Elements are only read. Namespace
 * declarations are written only where the binding in scope changes: the stream header binds the default namespace
 * (the content namespace) and {@code stream:}, so a first-level element in {@code jabber:client} or in no namespace is
 * written without {@code xmlns} (RFC 6120 §4.8.3) and stream-namespace elements use the {@code stream:} prefix
 * (RFC 6120 §4.8.5). Elements in no namespace never declare one: they inherit, as dom4j code that builds stanzas
 * without namespaces expects. Comments and processing instructions are never written (RFC 6120 §11.1).
 */
final class StanzaWriter {
    private static final byte[] AMP = bytes("&amp;");
    private static final byte[] LT = bytes("&lt;");
    private static final byte[] GT = bytes("&gt;");
    private static final byte[] QUOT = bytes("&quot;");
    private static final byte[] APOS = bytes("&apos;");
    private static final byte[] CR = bytes("&#13;");
    private static final byte[] LF = bytes("&#10;");
    private static final byte[] TAB = bytes("&#9;");
    private static final byte[] REPLACEMENT = bytes("\uFFFD");
    private static final int ESCAPE_TABLE_SIZE = '?';
    private static final byte[][] CONTENT_ESCAPES = escapeTable(false);
    private static final byte[][] ATTRIBUTE_ESCAPES = escapeTable(true);
    private static final byte[] XML_DECLARATION = bytes("<?xml version='1.0'?>");
    private static final byte[] STREAM_OPEN_START = bytes("<stream:stream xmlns='");
    private static final byte[] STREAM_NS_DECLARATION =
            bytes("' xmlns:stream='" + StreamHeader.STREAM_NAMESPACE + "'");
    private static final byte[] STREAM_CLOSE = bytes("</stream:stream>");
    private static final String STREAM_PREFIX = "stream";

    /** In-scope namespace bindings, innermost last. */
    private String[] scopePrefixes = new String[16];
    private String[] scopeUris = new String[16];
    private int scopeSize;
    private int generatedPrefixes;

    private String contentNamespace = StreamHeader.CLIENT_NAMESPACE;

    void writeStreamOpen(StreamHeader header, ByteBuf out) {
        contentNamespace = header.contentNamespace();
        out.writeBytes(XML_DECLARATION);
        out.writeBytes(STREAM_OPEN_START);
        writeEscaped(contentNamespace, true, out);
        out.writeBytes(STREAM_NS_DECLARATION);
        writeAttribute("id", header.id(), out);
        writeAttribute("from", header.from(), out);
        writeAttribute("to", header.to(), out);
        writeAttribute("version", header.version(), out);
        writeAttribute("xml:lang", header.lang(), out);
        out.writeByte('>');
    }

    void writeStreamClose(ByteBuf out) {
        out.writeBytes(STREAM_CLOSE);
    }

    void writeElement(Element element, ByteBuf out) {
        scopeSize = 0;
        generatedPrefixes = 0;
        bind("", contentNamespace);
        bind(STREAM_PREFIX, StreamHeader.STREAM_NAMESPACE);
        bind("xml", XMLConstants.XML_NS_URI);
        String uri = element.getNamespaceURI();
        if (uri.equals(StreamHeader.CLIENT_NAMESPACE)) {
            // RFC 6120 §4.8.3: stanzas in the content namespace inherit it from the stream header.
            bind("", StreamHeader.CLIENT_NAMESPACE);
        }
        write(element, out);
    }

    private void write(Element element, ByteBuf out) {
        int scopeMark = scopeSize;
        String uri = element.getNamespaceURI();
        String prefix = uri.equals(StreamHeader.STREAM_NAMESPACE) ? STREAM_PREFIX : element.getNamespacePrefix();
        out.writeByte('<');
        int nameStart = out.writerIndex();
        writeName(prefix, element.getName(), out);
        int nameEnd = out.writerIndex();
        if (!uri.isEmpty() && !uri.equals(lookup(prefix))) {
            declare(prefix, uri, out);
        }
        List<Namespace> declared = element.declaredNamespaces();
        for (int i = 0, n = declared.size(); i < n; i++) {
            Namespace namespace = declared.get(i);
            String declaredPrefix = namespace.getPrefix();
            String declaredUri = namespace.getURI();
            if (!declaredPrefix.isEmpty() && !declaredUri.isEmpty() && !declaredUri.equals(lookup(declaredPrefix))) {
                declare(declaredPrefix, declaredUri, out);
            }
        }
        for (int i = 0, n = element.attributeCount(); i < n; i++) {
            writeAttribute(element.attribute(i), out);
        }
        if (!hasContent(element)) {
            out.writeByte('/').writeByte('>');
            scopeSize = scopeMark;
            return;
        }
        out.writeByte('>');
        for (int i = 0, n = element.nodeCount(); i < n; i++) {
            Node node = element.node(i);
            switch (node.getNodeType()) {
                case Node.ELEMENT_NODE -> write((Element) node, out);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> writeEscaped(node.getText(), false, out);
                default -> {
                    // Namespaces are written with the start tag; comments, PIs and entities never (RFC 6120 §11.1).
                }
            }
        }
        out.writeByte('<').writeByte('/');
        out.writeBytes(out, nameStart, nameEnd - nameStart);
        out.writeByte('>');
        scopeSize = scopeMark;
    }

    private void writeAttribute(Attribute attribute, ByteBuf out) {
        String uri = attribute.getNamespaceURI();
        String prefix = "";
        if (!uri.isEmpty()) {
            prefix = attribute.getNamespacePrefix();
            if (prefix.isEmpty()) {
                prefix = "ns" + generatedPrefixes++; // an unprefixed attribute is in no namespace: needs a prefix
            }
            if (!uri.equals(lookup(prefix))) {
                declare(prefix, uri, out);
            }
        }
        out.writeByte(' ');
        writeName(prefix, attribute.getName(), out);
        out.writeByte('=').writeByte('\'');
        writeEscaped(attribute.getValue(), true, out);
        out.writeByte('\'');
    }

    private void writeAttribute(String name, Optional<String> value, ByteBuf out) {
        if (value.isPresent()) {
            out.writeByte(' ');
            out.writeCharSequence(name, StandardCharsets.US_ASCII);
            out.writeByte('=').writeByte('\'');
            writeEscaped(value.get(), true, out);
            out.writeByte('\'');
        }
    }

    private void declare(String prefix, String uri, ByteBuf out) {
        if (prefix.isEmpty()) {
            out.writeCharSequence(" xmlns='", StandardCharsets.US_ASCII);
        } else {
            out.writeCharSequence(" xmlns:", StandardCharsets.US_ASCII);
            ByteBufUtil.writeUtf8(out, prefix);
            out.writeByte('=').writeByte('\'');
        }
        writeEscaped(uri, true, out);
        out.writeByte('\'');
        bind(prefix, uri);
    }

    private void bind(String prefix, String uri) {
        if (scopeSize == scopePrefixes.length) {
            scopePrefixes = Arrays.copyOf(scopePrefixes, scopeSize * 2);
            scopeUris = Arrays.copyOf(scopeUris, scopeSize * 2);
        }
        scopePrefixes[scopeSize] = prefix;
        scopeUris[scopeSize++] = uri;
    }

    private String lookup(String prefix) {
        for (int i = scopeSize - 1; i >= 0; i--) {
            if (scopePrefixes[i].equals(prefix)) {
                return scopeUris[i];
            }
        }
        return "";
    }

    private static void writeName(String prefix, String localName, ByteBuf out) {
        if (!prefix.isEmpty()) {
            ByteBufUtil.writeUtf8(out, prefix);
            out.writeByte(':');
        }
        ByteBufUtil.writeUtf8(out, localName);
    }

    private static boolean hasContent(Element element) {
        for (int i = 0, n = element.nodeCount(); i < n; i++) {
            short type = element.node(i).getNodeType();
            if (type == Node.ELEMENT_NODE
                    || ((type == Node.TEXT_NODE || type == Node.CDATA_SECTION_NODE)
                            && !element.node(i).getText().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes runs of plain characters and escapes the rest. A run of ASCII is copied as it is (a Latin-1 string's
     * bytes); one with other characters goes through Netty's UTF-8 encoder.
     */
    private static void writeEscaped(String text, boolean attribute, ByteBuf out) {
        byte[][] escapes = attribute ? ATTRIBUTE_ESCAPES : CONTENT_ESCAPES;
        int runStart = 0;
        boolean ascii = true;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            byte[] escape;
            if (c < ESCAPE_TABLE_SIZE) {
                escape = escapes[c];
                if (escape == null) {
                    continue;
                }
            } else if (c < 0x80) {
                continue; // nothing from '?' up needs escaping
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                ascii = false;
                i++; // a pair: one character outside the BMP
                continue;
            } else if (c < 0xFFFE && !Character.isSurrogate(c)) {
                ascii = false;
                continue;
            } else {
                // U+FFFE, U+FFFF and an unpaired surrogate are not XML 1.0 characters (XML §2.2), and Netty's UTF-8
                // writer would put '?' and then a raw byte of the next character for a lone high surrogate
                escape = REPLACEMENT;
            }
            writeRun(text, runStart, i, ascii, out);
            out.writeBytes(escape);
            runStart = i + 1;
            ascii = true;
        }
        writeRun(text, runStart, length, ascii, out);
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII, an array copy in Latin-1
    private static void writeRun(String text, int start, int end, boolean ascii, ByteBuf out) {
        if (end == start) {
            return;
        }
        // grown first: a composite buffer that grows has no single array any more
        if (ascii && out.ensureWritable(end - start).hasArray()) {
            int index = out.writerIndex();
            text.getBytes(start, end, out.array(), out.arrayOffset() + index);
            out.writerIndex(index + end - start);
        } else {
            ByteBufUtil.writeUtf8(out, text, start, end);
        }
    }

    /** The escape of each character below '?' in content or in an attribute value; null: written as it is. */
    private static byte[][] escapeTable(boolean attribute) {
        byte[][] escapes = new byte[ESCAPE_TABLE_SIZE][];
        for (int c = 0; c < 0x20; c++) {
            escapes[c] = REPLACEMENT; // control characters are not XML 1.0 characters
        }
        escapes['\r'] = CR; // XML §2.11 would turn it into a newline
        // XML §3.3.3 would turn these into spaces in an attribute; in content they stay as they are
        escapes['\n'] = attribute ? LF : null;
        escapes['\t'] = attribute ? TAB : null;
        escapes['&'] = AMP;
        escapes['<'] = LT;
        escapes['>'] = GT;
        escapes['"'] = QUOT;
        escapes['\''] = APOS;
        return escapes;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
