package im.parley.config;

import java.time.Duration;

/**
 * Per-connection limits. {@code maxStanzaBytes}: one first-level element, larger → policy-violation;
 * {@code maxDepth}: element nesting; {@code outboundBufferBytes}: bytes queued to a client that does not read,
 * past which the session is closed; {@code idleTimeout}: silence before authentication that ends the stream with
 * connection-timeout; {@code pingInterval}/{@code pingTimeout}: XEP-0199 pings of silent authenticated clients.
 */
public record LimitsConfig(
        int maxStanzaBytes,
        int maxDepth,
        int outboundBufferBytes,
        Duration idleTimeout,
        Duration pingInterval,
        Duration pingTimeout) {

    public LimitsConfig {
        ConfigException.positive("limits.max-stanza-bytes", maxStanzaBytes);
        ConfigException.positive("limits.max-depth", maxDepth);
        ConfigException.positive("limits.outbound-buffer-bytes", outboundBufferBytes);
        ConfigException.positive("limits.idle-timeout", idleTimeout);
        ConfigException.positive("limits.ping-interval", pingInterval);
        ConfigException.positive("limits.ping-timeout", pingTimeout);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(256 * 1024, 64, 1024 * 1024,
                Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(60));
    }
}
