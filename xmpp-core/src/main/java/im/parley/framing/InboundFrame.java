package im.parley.framing;

import im.parley.stream.StreamHeader;
import org.dom4j.Element;

/** What a wire decoder hands to the session. */
public sealed interface InboundFrame {
    /** A stream open tag; also after each restart (RFC 6120 §4.3.3). */
    record StreamOpen(StreamHeader header) implements InboundFrame {}

    /** One complete first-level element: a stanza or a nonza (SASL, TLS, stream management…). */
    record Element(org.dom4j.Element element) implements InboundFrame {}

    /** The peer's {@code </stream:stream>}. */
    record StreamClose() implements InboundFrame {}
}
