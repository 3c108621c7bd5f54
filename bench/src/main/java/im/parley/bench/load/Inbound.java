package im.parley.bench.load;

/** What {@link StanzaFramer} cuts out of the byte stream: the stream header, one top-level element, or the stream's end. */
public sealed interface Inbound {
    /** {@code <stream:stream ...>} (RFC 6120 §4.7), parsed as if it were empty. */
    record StreamOpen(XmlElement header) implements Inbound {}

    /** One complete first-level element: a stanza, features, SASL or TLS negotiation element. */
    record Stanza(XmlElement element, int bytes) implements Inbound {}

    /** {@code </stream:stream>} (RFC 6120 §4.4). */
    record StreamClose() implements Inbound {}
}
