package im.parley.binary;

import im.parley.stream.StreamErrorException;
import im.parley.stream.StreamHeader;
import im.parley.xml.PeerNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.xmpp.packet.StreamError;

/**
 * Reads the body of one binary frame into the dom4j element the XML path would have built for the same stanza
 * (docs/binary-encoding.md, "Mapping onto XML"): every element in its effective namespace, attributes in encounter order,
 * text nodes as given, prefixes not kept. One decoder per connection direction, because it owns that direction's
 * dynamic table; not thread-safe.
 *
 * <p>The decoder trusts nothing: it follows table indexes and enforces its own limits (docs/binary-encoding.md, "Limits and errors").
 * Every malformed frame is a {@link StreamErrorException}, bad-format for broken grammar, strings or names and
 * policy-violation for frames too large, too deep or expanding too far. Elements are built iteratively, so a deep frame
 * cannot exhaust the thread's stack.
 */
public final class BinaryDecoder {
    private static final String CLIENT = StreamHeader.CLIENT_NAMESPACE;
    private static final String STREAM = StreamHeader.STREAM_NAMESPACE;
    /** Past this many attributes on one element, duplicates are found with a set instead of a scan. */
    private static final int LINEAR_DUPLICATE_CHECK = 8;
    /** Roughly the XML bytes of an element's tags beyond its name ({@code <></>}) and of an attribute ({@code  =''}). */
    private static final int ELEMENT_OVERHEAD = 5;
    private static final int NAMESPACE_DECLARATION_OVERHEAD = 10;
    private static final int ATTRIBUTE_OVERHEAD = 4;

    private final BinaryDictionary dictionary;
    private final BinaryLimits limits;
    private final DocumentFactory documentFactory;
    private final DynamicTable table;
    private final StaticNames staticNames;
    private String[] tokens;

    // State of the frame being read.
    private ByteBuf in;
    private String topLevelId;
    private long decodedBytes;
    private Element[] openElements = new Element[16];
    private String[] openNamespaces = new String[16];
    private ContentKind[] openKinds = new ContentKind[16];
    private int depth;
    private final Map<String, String> attributePrefixes = new HashMap<>();

    public BinaryDecoder(BinaryDictionary dictionary, BinaryLimits limits, SessionTokens tokens,
            DocumentFactory documentFactory) {
        this(new StaticNames(dictionary, documentFactory), limits, tokens);
    }

    /** A decoder sharing the dictionary's names, and their dictionary and factory, with the other decoders. */
    public BinaryDecoder(StaticNames staticNames, BinaryLimits limits, SessionTokens tokens) {
        this.dictionary = staticNames.dictionary();
        this.staticNames = staticNames;
        this.limits = limits;
        this.documentFactory = staticNames.documentFactory();
        this.table = new DynamicTable(limits.tableEntries(), limits.tableBytes());
        sessionTokens(tokens);
    }

    /** Takes effect with the next frame; the session calls it after resource binding or resumption. */
    public void sessionTokens(SessionTokens tokens) {
        this.tokens = tokens.values();
    }

    /** Reads the whole of {@code body}, one frame's body without its length prefix, as one top-level element. */
    public Element decode(ByteBuf body) {
        if (body.readableBytes() > limits.maxFrameBytes()) {
            throw new StreamErrorException(StreamError.Condition.policy_violation,
                    "frame of " + body.readableBytes() + " bytes, limit " + limits.maxFrameBytes());
        }
        if (!body.isReadable()) {
            throw badFormat("empty frame body");
        }
        in = body;
        topLevelId = null;
        decodedBytes = 0;
        depth = 0;
        attributePrefixes.clear();
        try {
            Element root = startElement(readByte(), CLIENT, true);
            while (depth > 0 && in.isReadable()) { // the end of the frame closes the elements still open
                int b = in.readUnsignedByte();
                if (b == Opcodes.END) {
                    openElements[--depth] = null;
                } else if (b == Opcodes.TEXT_NODE) {
                    if (openKinds[depth - 1] != ContentKind.MIXED) {
                        throw badFormat("text node in an element without mixed content");
                    }
                    String text = readValue();
                    account(ByteBufUtil.utf8Bytes(text));
                    if (!text.isEmpty()) {
                        openElements[depth - 1].addText(text);
                    }
                } else {
                    Element parent = openElements[depth - 1];
                    parent.add(startElement(b, openNamespaces[depth - 1], false));
                }
            }
            if (depth == 0 && in.isReadable()) {
                throw badFormat("bytes after the top-level element");
            }
            return root;
        } finally {
            Arrays.fill(openElements, 0, depth, null);
            depth = 0;
            in = null;
        }
    }

    DynamicTable table() {
        return table;
    }

    /** Reads an element header, its attributes and, for kind T, its text; kinds C and M stay open on the stack. */
    private Element startElement(int first, String parentNamespace, boolean topLevel) {
        int b = first;
        ContentKind override = null;
        if (b == Opcodes.KIND_OVERRIDE) {
            override = readKind();
            b = readByte();
            if (b < 1 || b > Opcodes.LONG_QNAME) {
                throw badFormat("a kind override must precede a static QName");
            }
        }
        if (depth + 1 > limits.maxDepth()) {
            throw new StreamErrorException(StreamError.Condition.policy_violation,
                    "elements nested deeper than " + limits.maxDepth());
        }
        String namespace;
        String localName;
        ContentKind kind;
        QName name;
        if (b >= 1 && b <= Opcodes.LONG_QNAME) {
            long token = b == Opcodes.LONG_QNAME ? Varint.read(in) : b;
            StaticQName known = dictionary.qname(token);
            if (known == null) {
                throw badFormat("unknown QName token " + token);
            }
            namespace = known.namespace();
            localName = known.localName();
            kind = override != null ? override : known.kind();
            name = staticNames.element(known);
        } else if (b == Opcodes.LITERAL_QNAME) {
            namespace = readNamespace(parentNamespace, false);
            if (namespace.equals(XMLConstants.XML_NS_URI) || namespace.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)) {
                throw badFormat("element in a reserved namespace");
            }
            localName = readValue();
            if (!XmlChars.isNcName(localName)) {
                throw badFormat("element name is not an NCName");
            }
            kind = readKind();
            name = qname(localName, PeerNames.namespace(namespace.equals(STREAM) ? "stream" : "", namespace));
        } else {
            throw badFormat(elementPositionError(b));
        }
        account(2L * ByteBufUtil.utf8Bytes(localName) + ELEMENT_OVERHEAD
                + (namespace.equals(parentNamespace) ? 0
                        : ByteBufUtil.utf8Bytes(namespace) + NAMESPACE_DECLARATION_OVERHEAD));
        Element element = documentFactory.createElement(name);
        readAttributes(element, topLevel);
        if (kind == ContentKind.TEXT) {
            String text = readValue();
            account(ByteBufUtil.utf8Bytes(text));
            if (!text.isEmpty()) {
                element.addText(text);
            }
        } else if (kind.hasChildren()) {
            push(element, namespace, kind);
        }
        return element;
    }

    private static String elementPositionError(int b) {
        if (b == Opcodes.END) {
            return "END where an element must start";
        }
        if (b == Opcodes.DYNAMIC_QNAME) {
            return "dynamic QName references are reserved in version 1";
        }
        if (b == Opcodes.TEXT_NODE) {
            return "text node in an element without mixed content";
        }
        if (b == Opcodes.STREAM_END) {
            return "STREAM_END inside a frame";
        }
        if (b >= Opcodes.FIRST_RESERVED_ELEMENT && b <= Opcodes.LAST_RESERVED_ELEMENT) {
            return "reserved byte 0x" + Integer.toHexString(b) + " in element position";
        }
        return "attribute byte 0x" + Integer.toHexString(b) + " outside an element header";
    }

    private void push(Element element, String namespace, ContentKind kind) {
        if (depth == openElements.length) {
            int capacity = depth * 2;
            openElements = Arrays.copyOf(openElements, capacity);
            openNamespaces = Arrays.copyOf(openNamespaces, capacity);
            openKinds = Arrays.copyOf(openKinds, capacity);
        }
        openElements[depth] = element;
        openNamespaces[depth] = namespace;
        openKinds[depth++] = kind;
    }

    private void readAttributes(Element element, boolean topLevel) {
        Set<String> names = null;
        while (in.isReadable() && in.getUnsignedByte(in.readerIndex()) >= Opcodes.FIRST_ATTRIBUTE) {
            int b = in.readUnsignedByte();
            String namespace;
            String localName;
            QName name;
            if (b < Opcodes.LITERAL_ATTRIBUTE) {
                StaticAttribute known = dictionary.attribute(b - Opcodes.FIRST_ATTRIBUTE);
                namespace = known.namespace();
                localName = known.localName();
                name = staticNames.attribute(known);
            } else {
                namespace = b == Opcodes.LITERAL_ATTRIBUTE ? "" : readNamespace(null, true);
                localName = readValue();
                // An attribute named xmlns, or in the xmlns namespace, would re-serialise as a namespace declaration.
                if (!XmlChars.isNcName(localName) || namespace.isEmpty() && localName.equals("xmlns")
                        || namespace.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)) {
                    throw badFormat("attribute name is not an NCName outside xmlns");
                }
                name = qname(localName, namespace.isEmpty() ? Namespace.NO_NAMESPACE
                        : PeerNames.namespace(attributePrefix(namespace), namespace));
            }
            String value = readValue();
            int count = element.attributeCount();
            if (names == null && count < LINEAR_DUPLICATE_CHECK) {
                for (int i = 0; i < count; i++) {
                    if (element.attribute(i).getName().equals(localName)
                            && element.attribute(i).getNamespaceURI().equals(namespace)) {
                        throw badFormat("duplicate attribute " + localName);
                    }
                }
            } else {
                if (names == null) {
                    names = new HashSet<>();
                    for (int i = 0; i < count; i++) {
                        names.add(element.attribute(i).getNamespaceURI() + ' ' + element.attribute(i).getName());
                    }
                }
                if (!names.add(namespace + ' ' + localName)) { // a local name has no space: the key is unambiguous
                    throw badFormat("duplicate attribute " + localName);
                }
            }
            // A namespaced attribute costs its namespace too: as XML each element carrying one declares it again.
            account((long) ByteBufUtil.utf8Bytes(localName) + ByteBufUtil.utf8Bytes(value) + ATTRIBUTE_OVERHEAD
                    + (namespace.isEmpty() ? 0 : ByteBufUtil.utf8Bytes(namespace) + NAMESPACE_DECLARATION_OVERHEAD));
            element.add(documentFactory.createAttribute(element, name, value));
            if (topLevel && namespace.isEmpty() && localName.equals("id")) {
                topLevelId = value;
            }
        }
    }

    /** {@code xml} for the XML namespace, otherwise one generated prefix per namespace and frame. */
    private String attributePrefix(String namespace) {
        if (namespace.equals(XMLConstants.XML_NS_URI)) {
            return XMLConstants.XML_NS_PREFIX;
        }
        String prefix = attributePrefixes.get(namespace);
        if (prefix == null) {
            prefix = "ns" + attributePrefixes.size();
            attributePrefixes.put(namespace, prefix);
        }
        return prefix;
    }

    private String readNamespace(String parentNamespace, boolean forAttribute) {
        long reference = Varint.read(in);
        if (reference == Opcodes.PARENT_NAMESPACE) {
            if (forAttribute) {
                throw badFormat("an attribute cannot take its element's namespace by reference");
            }
            return parentNamespace;
        }
        if (reference == Opcodes.NAMESPACE_VALUE) {
            String namespace = readValue();
            if (namespace.isEmpty()) {
                throw badFormat("empty namespace");
            }
            return namespace;
        }
        String namespace = dictionary.namespace(reference);
        if (namespace == null) {
            throw badFormat("unknown namespace reference " + reference);
        }
        return namespace;
    }

    private ContentKind readKind() {
        int b = readByte();
        ContentKind kind = ContentKind.ofWireByte(b);
        if (kind == null) {
            throw badFormat("unknown content kind " + b);
        }
        return kind;
    }

    private String readValue() {
        return readValue(readByte(), ValueContext.ANY);
    }

    /** Where a value sits decides which forms it may take: inserts and JIDs do not nest. */
    private enum ValueContext { ANY, INSERTED, JID_PART }

    private String readValue(int b, ValueContext context) {
        if (context == ValueContext.INSERTED && b > Opcodes.MAX_SHORT_LITERAL && b != Opcodes.LONG_LITERAL
                && b != Opcodes.JID) {
            throw badFormat("a table insert carries a literal or a JID");
        }
        if (context == ValueContext.JID_PART && (b == Opcodes.TABLE_INSERT || b == Opcodes.JID)) {
            throw badFormat("a JID part cannot be an insert or a JID");
        }
        if (b <= Opcodes.MAX_SHORT_LITERAL) {
            return readString(b);
        }
        if (b < Opcodes.LONG_LITERAL) {
            return dictionary.value(b - Opcodes.FIRST_VALUE_TOKEN);
        }
        if (b >= Opcodes.FIRST_SESSION_TOKEN && b < Opcodes.FIRST_SESSION_TOKEN + Opcodes.SESSION_TOKENS) {
            int index = b - Opcodes.FIRST_SESSION_TOKEN;
            if (index >= tokens.length) {
                throw badFormat("session token " + index + " is not defined");
            }
            return tokens[index];
        }
        return switch (b) {
            case Opcodes.LONG_LITERAL -> readString(readLength());
            case Opcodes.TABLE_REFERENCE -> {
                long index = Varint.read(in);
                String entry = table.get(index);
                if (entry == null) {
                    throw badFormat("no dynamic-table entry " + index);
                }
                yield entry;
            }
            case Opcodes.TABLE_INSERT -> {
                String value = readValue(readByte(), ValueContext.INSERTED);
                table.insert(value, null);
                yield value;
            }
            case Opcodes.UUID -> {
                require(PackedForms.UUID_BYTES);
                yield PackedForms.readUuid(in);
            }
            case Opcodes.DECIMAL -> {
                long value = Varint.read(in);
                if (value < 0) {
                    throw badFormat("decimal beyond 2^63");
                }
                yield Long.toString(value);
            }
            case Opcodes.HEX -> {
                long nibbles = Varint.read(in);
                if (nibbles < 0 || nibbles > 2L * in.readableBytes()) { // no (nibbles + 1) / 2: it overflows
                    throw badFormat("hex value runs past the end of the frame");
                }
                yield PackedForms.readHexNibbles(in, (int) nibbles);
            }
            case Opcodes.BASE64 -> PackedForms.readBase64Bytes(in, readLength());
            case Opcodes.TIMESTAMP_SECONDS -> {
                long seconds = Varint.read(in);
                if (seconds < 0 || seconds > PackedForms.MAX_EPOCH_SECOND) {
                    throw badFormat("timestamp out of range");
                }
                yield PackedForms.formatSeconds(seconds);
            }
            case Opcodes.TIMESTAMP_MILLIS -> {
                long millis = Varint.read(in);
                if (millis < 0 || millis > PackedForms.MAX_EPOCH_MILLI) {
                    throw badFormat("timestamp out of range");
                }
                yield PackedForms.formatMillis(millis);
            }
            case Opcodes.JID -> readJid();
            case Opcodes.SAME_AS_ID -> {
                if (topLevelId == null) {
                    throw badFormat("same-as-id before the top-level id");
                }
                yield topLevelId;
            }
            case Opcodes.ECHO -> throw badFormat("ECHO is reserved in version 1");
            default -> throw badFormat(b <= Opcodes.LAST_RESERVED_VALUE
                    ? "reserved value byte 0x" + Integer.toHexString(b)
                    : "byte 0x" + Integer.toHexString(b) + " cannot start a value");
        };
    }

    /** Local part, domain, resource; an empty local part or resource is absent, an empty domain is not allowed. */
    private String readJid() {
        String local = readValue(readByte(), ValueContext.JID_PART);
        String domain = readValue(readByte(), ValueContext.JID_PART);
        String resource = readValue(readByte(), ValueContext.JID_PART);
        if (domain.isEmpty()) {
            throw badFormat("JID without a domain");
        }
        StringBuilder jid = new StringBuilder(local.length() + domain.length() + resource.length() + 2);
        if (!local.isEmpty()) {
            jid.append(local).append('@');
        }
        jid.append(domain);
        if (!resource.isEmpty()) {
            jid.append('/').append(resource);
        }
        return jid.toString();
    }

    /** A byte count that must still be in the frame. */
    private int readLength() {
        long length = Varint.read(in);
        if (length < 0 || length > in.readableBytes()) {
            throw badFormat("string runs past the end of the frame");
        }
        return (int) length;
    }

    private String readString(int length) {
        require(length);
        return XmlChars.readUtf8(in, length);
    }

    private void require(int bytes) {
        if (in.readableBytes() < bytes) {
            throw badFormat("value runs past the end of the frame");
        }
    }

    private int readByte() {
        if (!in.isReadable()) {
            throw badFormat("frame ends inside an element header or value");
        }
        return in.readUnsignedByte();
    }

    /** docs/binary-encoding.md, "Limits and errors": count expanded bytes, approximately the stanza's size as XML. */
    private void account(long bytes) {
        decodedBytes += bytes;
        if (decodedBytes > limits.maxDecodedBytes()) {
            throw new StreamErrorException(StreamError.Condition.policy_violation,
                    "frame expands past " + limits.maxDecodedBytes() + " bytes");
        }
    }

    private QName qname(String localName, Namespace namespace) {
        try {
            return PeerNames.qname(localName, namespace, documentFactory); // dom4j's caches never forget a name
        } catch (IllegalArgumentException e) {
            // dom4j checks names itself; the NCName check above should have refused the name already
            throw badFormat("name refused: " + e.getMessage());
        }
    }

    private static StreamErrorException badFormat(String text) {
        return new StreamErrorException(StreamError.Condition.bad_format, text);
    }
}
