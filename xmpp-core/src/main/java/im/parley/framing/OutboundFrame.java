package im.parley.framing;

import im.parley.stream.StreamHeader;

/** What the session writes; the wire encoder of the session's encoding turns it into bytes. */
public sealed interface OutboundFrame {
    /** The server's stream open tag (with the XML declaration for XML framing). */
    record StreamOpen(StreamHeader header) implements OutboundFrame {}

    /**
     * One first-level element. Elements in {@code jabber:client} (or no namespace) are written in the stream's
     * default namespace; the element is only read, never changed, by the encoder.
     */
    record Element(org.dom4j.Element element) implements OutboundFrame {}

    /** Our {@code </stream:stream>}. */
    record StreamClose() implements OutboundFrame {}

    /** A whitespace keep-alive (RFC 6120 §4.6.1). */
    record KeepAlive() implements OutboundFrame {}
}
