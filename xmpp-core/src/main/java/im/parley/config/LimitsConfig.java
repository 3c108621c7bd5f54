package im.parley.config;

import java.time.Duration;

/**
 * Per-connection limits. {@code maxStanzaBytes}: one first-level element, larger → policy-violation;
 * {@code maxDepth}: element nesting; {@code outboundBufferBytes}: bytes queued to a client that does not read,
 * past which the session is closed; {@code idleTimeout}: silence before authentication that ends the stream with
 * connection-timeout; {@code pingInterval}/{@code pingTimeout}: XEP-0199 pings of silent authenticated clients;
 * {@code resumptionTimeout}: how long a dropped stream-management session waits to be resumed (XEP-0198 §5) before
 * its unacknowledged messages go to other resources or the offline store; {@code maxUnackedStanzas}: stanzas a
 * client may leave unacknowledged before its session is closed.
 */
public record LimitsConfig(
        int maxStanzaBytes,
        int maxDepth,
        int outboundBufferBytes,
        Duration idleTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        Duration resumptionTimeout,
        int maxUnackedStanzas) {

    public LimitsConfig {
        ConfigException.positive("limits.max-stanza-bytes", maxStanzaBytes);
        ConfigException.positive("limits.max-depth", maxDepth);
        ConfigException.positive("limits.outbound-buffer-bytes", outboundBufferBytes);
        ConfigException.positive("limits.idle-timeout", idleTimeout);
        ConfigException.positive("limits.ping-interval", pingInterval);
        ConfigException.positive("limits.ping-timeout", pingTimeout);
        ConfigException.positive("limits.resumption-timeout", resumptionTimeout);
        ConfigException.positive("limits.max-unacked-stanzas", maxUnackedStanzas);
    }

    /** The limits without stream-management settings, which then keep their defaults. */
    public LimitsConfig(int maxStanzaBytes, int maxDepth, int outboundBufferBytes, Duration idleTimeout,
                        Duration pingInterval, Duration pingTimeout) {
        this(maxStanzaBytes, maxDepth, outboundBufferBytes, idleTimeout, pingInterval, pingTimeout,
                Duration.ofMinutes(5), 10_000);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(256 * 1024, 64, 1024 * 1024,
                Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMinutes(5), 10_000);
    }
}
