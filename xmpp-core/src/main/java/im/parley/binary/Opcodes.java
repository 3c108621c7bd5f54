package im.parley.binary;

/**
 * The byte values of the binary grammar, version 1 (docs/binary-encoding.md, "Byte grammar"). Element position and value
 * position are two tables: the same byte means different things in each.
 */
final class Opcodes {
    private Opcodes() {}

    // Element position: where an element, a text node (mixed content) or END may appear.
    static final int END = 0x00;
    static final int LAST_SHORT_QNAME = 0xBF;
    static final int LONG_QNAME = 0xC0;
    static final int LITERAL_QNAME = 0xC1;
    /** Reserved in version 1: a frame carrying it is bad-format. */
    static final int DYNAMIC_QNAME = 0xC2;
    static final int KIND_OVERRIDE = 0xC3;
    static final int TEXT_NODE = 0xC4;
    /** Replaces {@code </stream:stream>}; only ever a whole frame, handled by the framing layer. */
    static final int STREAM_END = 0xC5;
    static final int FIRST_RESERVED_ELEMENT = 0xC6;
    static final int LAST_RESERVED_ELEMENT = 0xCF;

    // Attributes, right after an element header; no value ever starts with one of these bytes.
    static final int FIRST_ATTRIBUTE = 0xD0;
    static final int ATTRIBUTE_TOKENS = 46;
    static final int LITERAL_ATTRIBUTE = 0xFE;
    static final int NAMESPACED_ATTRIBUTE = 0xFF;

    // Value position.
    static final int MAX_SHORT_LITERAL = 0x7F;
    static final int FIRST_VALUE_TOKEN = 0x80;
    static final int VALUE_TOKENS = 48;
    static final int LONG_LITERAL = 0xB0;
    static final int TABLE_REFERENCE = 0xB1;
    static final int TABLE_INSERT = 0xB2;
    static final int UUID = 0xB3;
    static final int DECIMAL = 0xB4;
    static final int HEX = 0xB5;
    static final int BASE64 = 0xB6;
    static final int TIMESTAMP_SECONDS = 0xB7;
    static final int TIMESTAMP_MILLIS = 0xB8;
    static final int JID = 0xB9;
    static final int SAME_AS_ID = 0xBA;
    /** ECHO (docs/binary-encoding.md, "Not in version 1"): reserved. */
    static final int ECHO = 0xBB;
    static final int LAST_RESERVED_VALUE = 0xBF;
    static final int FIRST_SESSION_TOKEN = 0xC0;
    static final int SESSION_TOKENS = 16;

    // Namespace references (in a literal QName or a namespace-qualified literal attribute).
    /** The parent element's effective namespace; for the top-level element {@code jabber:client}. */
    static final int PARENT_NAMESPACE = 0;
    static final int MAX_STATIC_NAMESPACES = 64;
    /** A value follows that is the namespace URI. */
    static final int NAMESPACE_VALUE = 65;
}
