package im.parley.binary;

import im.parley.stream.StreamHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import javax.xml.XMLConstants;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Node;

/**
 * Writes one top-level element as the body of one binary frame (docs/binary-encoding.md). The element, a Tinder packet's
 * dom4j element, is only read: never changed and never serialised to XML first. One encoder per connection direction,
 * because it owns that direction's dynamic table; not thread-safe.
 *
 * <p>Choices the decoder does not need to know, all of them this side's to make:
 * <ul>
 *   <li>every packed value form is used only when it decodes to the same string and is strictly shorter than the
 *       literal, in the order static value token, session token, same-as-id, dynamic table, UUID, decimal, timestamp,
 *       hex, base64, JID, literal;</li>
 *   <li>the dynamic table follows the safety rules of docs/binary-encoding.md, "Dynamic table": whole values only; only addressing
 *       values, caps {@code node}/{@code ver}/{@code hash} and the names and namespaces of literal QNames are
 *       indexed; nothing inside SASL, stream management, OMEMO or PGP payloads; and an entry is referenced only while
 *       encoding a stanza of the origin that inserted it, so a peer can only ever hit its own values.</li>
 * </ul>
 */
public final class BinaryEncoder {
    /** The origin of stanzas without a {@code from}, or from the session's own account or the server. */
    private static final String SELF = "";
    private static final String CLIENT = StreamHeader.CLIENT_NAMESPACE;
    private static final String SID = "urn:xmpp:sid:0";
    private static final String CAPS = "http://jabber.org/protocol/caps";

    private final BinaryDictionary dictionary;
    private final DynamicTable table;
    private String[] tokens;
    private int domainCount;
    private String bareJid;

    // State of the frame being written.
    private ByteBuf out;
    private String origin;
    private String topLevelId;
    private int pendingEnds;
    private final StringBuilder textBuffer = new StringBuilder();

    public BinaryEncoder(BinaryDictionary dictionary, BinaryLimits limits, SessionTokens tokens) {
        this.dictionary = dictionary;
        this.table = new DynamicTable(limits.tableEntries(), limits.tableBytes());
        sessionTokens(tokens);
    }

    /** Takes effect with the next frame; the session calls it after resource binding or resumption. */
    public void sessionTokens(SessionTokens tokens) {
        this.tokens = tokens.values();
        this.domainCount = tokens.domains().size();
        this.bareJid = tokens.bareJid().orElse(null);
    }

    /**
     * Writes the frame body for {@code element} to {@code out}: no length prefix, no trailing END bytes. The dynamic
     * table is updated as the frame is written, so a frame that is not sent (or an exception from here) leaves the
     * peer's table behind this one: the connection must then be closed.
     */
    public void encode(Element element, ByteBuf out) {
        this.out = out;
        this.origin = originOf(element);
        this.topLevelId = null;
        this.pendingEnds = 0;
        try {
            writeElement(element, CLIENT, true, false);
            // The end of the frame closes every element still open: the pending END bytes are never written.
        } finally {
            this.out = null;
        }
    }

    DynamicTable table() {
        return table;
    }

    /**
     * Rule 3 of "Dynamic table": the full {@code from} of the stanza (occupants of one room share a bare JID); the
     * session's own account, the server's domains and a missing {@code from} are all "self".
     */
    private String originOf(Element element) {
        String from = element.attributeValue("from");
        if (from == null || from.isEmpty()) {
            return SELF;
        }
        int slash = from.indexOf('/');
        String bare = slash < 0 ? from : from.substring(0, slash);
        if (bare.equals(bareJid)) {
            return SELF;
        }
        for (int i = 0; i < domainCount; i++) {
            if (tokens[i].equals(bare)) {
                return SELF;
            }
        }
        return from;
    }

    /**
     * A stanza nested in a "self" one (a carbon copy, an archived message: XEP-0297 forwarding) was written by its
     * own sender, so it is encoded under that sender's origin. Never the other way round: inside a peer's stanza
     * everything, a forged inner {@code from} included, stays the peer's.
     */
    private String nestedOrigin(Element element, String namespace, String outer) {
        if (!outer.equals(SELF) || !namespace.equals(CLIENT) || !isStanza(element.getName())
                || element.attributeValue("from", "").isEmpty()) {
            return outer;
        }
        return originOf(element);
    }

    private void writeElement(Element element, String parentNamespace, boolean topLevel, boolean sensitive) {
        String uri = element.getNamespaceURI();
        // As StanzaWriter: an element in no namespace inherits; a top-level one is in the content namespace.
        String namespace = uri.isEmpty() ? parentNamespace : uri;
        String localName = element.getName();
        boolean noIndex = sensitive || isSensitive(namespace, localName);
        String outerOrigin = origin;
        if (!topLevel) {
            origin = nestedOrigin(element, namespace, outerOrigin);
        }
        ContentKind kind = kindOf(element);
        StaticQName known = dictionary.qname(namespace, localName);
        if (known != null) {
            if (known.kind() != kind) {
                out.writeByte(Opcodes.KIND_OVERRIDE);
                out.writeByte(kind.wireByte());
            }
            if (known.token() <= Opcodes.LAST_SHORT_QNAME) {
                out.writeByte(known.token());
            } else {
                out.writeByte(Opcodes.LONG_QNAME);
                Varint.write(known.token(), out);
            }
        } else {
            out.writeByte(Opcodes.LITERAL_QNAME);
            writeNamespace(namespace, parentNamespace, noIndex);
            writeValue(localName, noIndex ? Role.PLAIN : Role.INDEXED);
            out.writeByte(kind.wireByte());
        }
        writeAttributes(element, namespace, localName, topLevel, noIndex);
        switch (kind) {
            case EMPTY -> {
            }
            case TEXT -> writeValue(textOf(element), Role.PLAIN);
            case CHILDREN, MIXED -> {
                for (int i = 0, n = element.nodeCount(); i < n; i++) {
                    Node node = element.node(i);
                    switch (node.getNodeType()) {
                        case Node.ELEMENT_NODE -> {
                            flushEnds();
                            writeElement((Element) node, namespace, false, noIndex);
                        }
                        case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                            String text = node.getText();
                            if (!text.isEmpty()) {
                                flushEnds();
                                out.writeByte(Opcodes.TEXT_NODE);
                                writeValue(text, Role.PLAIN);
                            }
                        }
                        default -> {
                            // namespace declarations travel in QNames; comments and PIs never (RFC 6120 §11.1)
                        }
                    }
                }
                pendingEnds++;
            }
        }
        origin = outerOrigin;
    }

    private void writeAttributes(Element element, String namespace, String localName, boolean topLevel,
            boolean noIndex) {
        for (int i = 0, n = element.attributeCount(); i < n; i++) {
            Attribute attribute = element.attribute(i);
            String uri = attribute.getNamespaceURI();
            String name = attribute.getName();
            if (uri.isEmpty() && name.equals("xmlns") || uri.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)
                    || attribute.getNamespacePrefix().equals(XMLConstants.XMLNS_ATTRIBUTE)) {
                continue; // a namespace declaration added as an attribute: not part of the infoset
            }
            StaticAttribute known = dictionary.attribute(uri, name);
            if (known != null) {
                out.writeByte(Opcodes.FIRST_ATTRIBUTE + known.index());
            } else if (uri.isEmpty()) {
                out.writeByte(Opcodes.LITERAL_ATTRIBUTE);
                writeValue(name, noIndex ? Role.PLAIN : Role.INDEXED);
            } else {
                out.writeByte(Opcodes.NAMESPACED_ATTRIBUTE);
                writeNamespace(uri, null, noIndex);
                writeValue(name, noIndex ? Role.PLAIN : Role.INDEXED);
            }
            Role role = roleOf(namespace, localName, uri, name, topLevel, noIndex);
            String value = attribute.getValue();
            String written = writeValue(value == null ? "" : value, role);
            if (role == Role.TOP_LEVEL_ID) {
                topLevelId = written;
            }
        }
    }

    /** Which attribute values the dynamic table may hold (rule 2 of "Dynamic table"). */
    private static Role roleOf(String elementNamespace, String elementName, String uri, String name,
            boolean topLevel, boolean noIndex) {
        if (!uri.isEmpty()) {
            return Role.PLAIN;
        }
        if (topLevel && name.equals("id")) {
            return Role.TOP_LEVEL_ID;
        }
        if (noIndex) {
            return Role.PLAIN;
        }
        return switch (name) {
            case "to", "from" -> elementNamespace.equals(CLIENT) && isStanza(elementName) ? Role.ADDRESS : Role.PLAIN;
            case "by" -> elementNamespace.equals(SID) && elementName.equals("stanza-id") ? Role.ADDRESS : Role.PLAIN;
            case "jid" -> Role.ADDRESS;
            case "node", "ver", "hash" -> elementNamespace.equals(CAPS) && elementName.equals("c")
                    ? Role.INDEXED : Role.PLAIN;
            default -> Role.PLAIN;
        };
    }

    private static boolean isStanza(String name) {
        return name.equals("message") || name.equals("presence") || name.equals("iq");
    }

    /**
     * Subtrees where nothing is indexed (rule 2): SASL and its successors (credentials), stream management (its
     * {@code id}/{@code previd} is a bearer token), and end-to-end encrypted payloads.
     */
    private static boolean isSensitive(String namespace, String localName) {
        return switch (namespace) {
            case "urn:ietf:params:xml:ns:xmpp-sasl", "urn:xmpp:sasl:2", "urn:xmpp:fast:0", "urn:xmpp:sm:3",
                    "urn:xmpp:openpgp:0", "jabber:x:encrypted", "jabber:x:signed" -> true;
            case "eu.siacs.conversations.axolotl", "urn:xmpp:omemo:2" -> localName.equals("encrypted");
            default -> false;
        };
    }

    private static ContentKind kindOf(Element element) {
        boolean elements = false;
        boolean text = false;
        for (int i = 0, n = element.nodeCount(); i < n; i++) {
            Node node = element.node(i);
            switch (node.getNodeType()) {
                case Node.ELEMENT_NODE -> elements = true;
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text |= !node.getText().isEmpty();
                default -> {
                }
            }
        }
        if (elements) {
            return text ? ContentKind.MIXED : ContentKind.CHILDREN;
        }
        return text ? ContentKind.TEXT : ContentKind.EMPTY;
    }

    /** The text of a kind-T element: usually one text node; adjacent ones are joined. */
    private String textOf(Element element) {
        String single = null;
        textBuffer.setLength(0);
        for (int i = 0, n = element.nodeCount(); i < n; i++) {
            Node node = element.node(i);
            short type = node.getNodeType();
            if (type != Node.TEXT_NODE && type != Node.CDATA_SECTION_NODE || node.getText().isEmpty()) {
                continue;
            }
            if (single == null && textBuffer.isEmpty()) {
                single = node.getText();
            } else {
                if (single != null) {
                    textBuffer.append(single);
                    single = null;
                }
                textBuffer.append(node.getText());
            }
        }
        return single != null ? single : textBuffer.toString();
    }

    private void flushEnds() {
        if (pendingEnds > 0) {
            out.writeZero(pendingEnds); // END is 0x00
            pendingEnds = 0;
        }
    }

    /** A namespace reference: 0 for the parent's (elements only), 1–64 for the static table, else 65 and a value. */
    private void writeNamespace(String namespace, String parentNamespace, boolean noIndex) {
        if (namespace.equals(parentNamespace)) {
            out.writeByte(Opcodes.PARENT_NAMESPACE);
            return;
        }
        int number = dictionary.namespaceNumber(namespace);
        if (number > 0) {
            out.writeByte(number);
        } else {
            out.writeByte(Opcodes.NAMESPACE_VALUE);
            writeValue(namespace, noIndex ? Role.PLAIN : Role.INDEXED);
        }
    }

    /** Writes {@code raw} in value position in its shortest allowed form; returns the string the decoder will see. */
    private String writeValue(String raw, Role role) {
        String value = XmlChars.sanitise(raw);
        int bytes = ByteBufUtil.utf8Bytes(value);
        int literal = literalSize(bytes);
        if (literal > 1) {
            int valueToken = dictionary.valueIndex(value);
            if (valueToken >= 0) {
                out.writeByte(Opcodes.FIRST_VALUE_TOKEN + valueToken);
                return value;
            }
            int sessionToken = sessionToken(value, 0, value.length());
            if (sessionToken >= 0) {
                out.writeByte(Opcodes.FIRST_SESSION_TOKEN + sessionToken);
                return value;
            }
            if (role != Role.TOP_LEVEL_ID && value.equals(topLevelId)) {
                out.writeByte(Opcodes.SAME_AS_ID);
                return value;
            }
        }
        if (role.indexed && writeIndexed(value, bytes, literal, role)) {
            return value;
        }
        writePacked(value, bytes, literal, role);
        return value;
    }

    /** A reference when this origin inserted the value earlier, else an insert; false when neither pays. */
    private boolean writeIndexed(String value, int bytes, int literal, Role role) {
        int index = table.find(value, origin);
        if (index >= 0) {
            if (1 + Varint.size(index) >= literal) {
                return false;
            }
            out.writeByte(Opcodes.TABLE_REFERENCE);
            Varint.write(index, out);
            return true;
        }
        // Insert only what a later reference (at least two bytes) would make shorter and what the table keeps.
        if (literal <= 2 || !table.keeps(bytes)) {
            return false;
        }
        out.writeByte(Opcodes.TABLE_INSERT);
        int jid = role == Role.ADDRESS ? jidSize(value) : -1;
        if (jid > 0 && jid < literal) {
            writeJid(value);
        } else {
            writeLiteral(value, bytes);
        }
        table.insert(value, origin);
        return true;
    }

    /** A form carried as one varint ({@code number} negative: the value has no such canonical form), if shorter. */
    private boolean packedNumber(int opcode, long number, int literal) {
        if (number < 0 || 1 + Varint.size(number) >= literal) {
            return false;
        }
        out.writeByte(opcode);
        Varint.write(number, out);
        return true;
    }

    private void writePacked(String value, int bytes, int literal, Role role) {
        if (literal > 1 + PackedForms.UUID_BYTES && PackedForms.isCanonicalUuid(value)) {
            out.writeByte(Opcodes.UUID);
            PackedForms.writeUuid(value, out);
            return;
        }
        if (packedNumber(Opcodes.DECIMAL, PackedForms.canonicalDecimal(value), literal)
                || packedNumber(Opcodes.TIMESTAMP_SECONDS, PackedForms.canonicalSeconds(value), literal)
                || packedNumber(Opcodes.TIMESTAMP_MILLIS, PackedForms.canonicalMillis(value), literal)) {
            return;
        }
        int nibbles = value.length();
        if (1 + Varint.size(nibbles) + (nibbles + 1) / 2 < literal && PackedForms.isLowerHex(value)) {
            out.writeByte(Opcodes.HEX);
            Varint.write(nibbles, out);
            PackedForms.writeHexNibbles(value, out);
            return;
        }
        int base64 = PackedForms.canonicalBase64Length(value);
        if (base64 >= 0 && 1 + Varint.size(base64) + base64 < literal) {
            out.writeByte(Opcodes.BASE64);
            Varint.write(base64, out);
            PackedForms.writeBase64Bytes(value, out);
            return;
        }
        if (role == Role.ADDRESS) {
            int jid = jidSize(value);
            if (jid > 0 && jid < literal) {
                writeJid(value);
                return;
            }
        }
        writeLiteral(value, bytes);
    }

    private void writeLiteral(String value, int bytes) {
        if (bytes <= Opcodes.MAX_SHORT_LITERAL) {
            out.writeByte(bytes);
        } else {
            out.writeByte(Opcodes.LONG_LITERAL);
            Varint.write(bytes, out);
        }
        ByteBufUtil.writeUtf8(out, value);
    }

    private static int literalSize(int bytes) {
        return bytes <= Opcodes.MAX_SHORT_LITERAL ? 1 + bytes : 1 + Varint.size(bytes) + bytes;
    }

    /**
     * The size of the JID form of {@code value} (0xB9, local part, domain as a session token, resource), or -1 when
     * the value has no such form: no session-token domain, or an empty local part or resource that the form would
     * drop ({@code a@b/} stays a literal).
     */
    private int jidSize(String value) {
        int length = value.length();
        int slash = value.indexOf('/');
        int bareEnd = slash < 0 ? length : slash;
        int at = value.indexOf('@');
        if (at >= bareEnd) {
            at = -1; // an '@' in the resource
        }
        if (at == 0 || at + 1 == bareEnd || slash == length - 1 || sessionToken(value, at + 1, bareEnd) < 0) {
            return -1;
        }
        return 2 + partSize(value, 0, Math.max(at, 0)) + partSize(value, slash < 0 ? length : slash + 1, length);
    }

    private void writeJid(String value) {
        int length = value.length();
        int slash = value.indexOf('/');
        int bareEnd = slash < 0 ? length : slash;
        int at = value.indexOf('@');
        if (at >= bareEnd) {
            at = -1;
        }
        out.writeByte(Opcodes.JID);
        writePart(value, 0, Math.max(at, 0));
        out.writeByte(Opcodes.FIRST_SESSION_TOKEN + sessionToken(value, at + 1, bareEnd));
        writePart(value, slash < 0 ? length : slash + 1, length);
    }

    private static int partSize(String value, int start, int end) {
        return start == end ? 1 : literalSize(ByteBufUtil.utf8Bytes(value, start, end));
    }

    /** A JID part as a literal; an empty part is 0x00, which the decoder reads as "absent". */
    private void writePart(String value, int start, int end) {
        if (start == end) {
            out.writeByte(0);
            return;
        }
        int bytes = ByteBufUtil.utf8Bytes(value, start, end);
        if (bytes <= Opcodes.MAX_SHORT_LITERAL) {
            out.writeByte(bytes);
        } else {
            out.writeByte(Opcodes.LONG_LITERAL);
            Varint.write(bytes, out);
        }
        ByteBufUtil.writeUtf8(out, value, start, end);
    }

    /** The session token equal to {@code value[start, end)}; -1 if none. */
    private int sessionToken(String value, int start, int end) {
        int length = end - start;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.length() == length && value.regionMatches(start, token, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** What a value may be turned into besides a literal, a token or a packed form. */
    private enum Role {
        /** Text content and most attribute values: never indexed. */
        PLAIN(false),
        /** The top-level {@code id}: never indexed, and never written as "same as id" itself. */
        TOP_LEVEL_ID(false),
        /** Caps values and names and namespaces of literal QNames. */
        INDEXED(true),
        /** {@code to}/{@code from} of stanzas, {@code by} of stanza-id, {@code jid}: indexed, may use the JID form. */
        ADDRESS(true);

        final boolean indexed;

        Role(boolean indexed) {
            this.indexed = indexed;
        }
    }
}
