package im.parley.sasl;

/** One SASL mechanism (RFC 4422 §5). Thread-safe and shared; each authentication attempt gets its own exchange. */
public interface SaslMechanism {
    /** The IANA-registered mechanism name, e.g. {@code SCRAM-SHA-256-PLUS}. */
    String name();

    SaslExchange start(SaslContext context);
}
