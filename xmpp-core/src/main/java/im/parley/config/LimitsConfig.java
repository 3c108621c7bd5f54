package im.parley.config;

import java.time.Duration;

/**
 * Per-connection limits. {@code maxStanzaBytes}: one first-level element, larger → policy-violation;
 * {@code maxDepth}: element nesting; {@code outboundBufferBytes}: bytes queued to a client that does not read,
 * past which the session is closed; {@code idleTimeout}: silence before authentication that ends the stream with
 * connection-timeout; {@code pingInterval}/{@code pingTimeout}: XEP-0199 pings of silent authenticated clients;
 * {@code resumptionTimeout}: how long a dropped stream-management session waits to be resumed (XEP-0198 §5) before
 * its unacknowledged messages go to other resources or the offline store; {@code maxUnackedStanzas}: stanzas a
 * client may leave unacknowledged before its session is closed; {@code inboundBytesPerSecond}/{@code inboundBurstBytes}:
 * what one connection may send (as it comes off the socket) before reading it pauses, 0 bytes per second for no limit.
 */
public record LimitsConfig(
        int maxStanzaBytes,
        int maxDepth,
        int outboundBufferBytes,
        Duration idleTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        Duration resumptionTimeout,
        int maxUnackedStanzas,
        int inboundBytesPerSecond,
        int inboundBurstBytes) {

    /** About 60 chat messages a second: far above a person, and a login's whole exchange fits in the burst. */
    public static final int DEFAULT_INBOUND_BYTES_PER_SECOND = 16 * 1024;
    public static final int DEFAULT_INBOUND_BURST_BYTES = 256 * 1024;
    static final int MIN_INBOUND_BYTES_PER_SECOND = 4096;
    static final int MIN_INBOUND_BURST_BYTES = 16 * 1024;

    public LimitsConfig {
        ConfigException.positive("limits.max-stanza-bytes", maxStanzaBytes);
        ConfigException.positive("limits.max-depth", maxDepth);
        ConfigException.positive("limits.outbound-buffer-bytes", outboundBufferBytes);
        ConfigException.positive("limits.idle-timeout", idleTimeout);
        ConfigException.positive("limits.ping-interval", pingInterval);
        ConfigException.positive("limits.ping-timeout", pingTimeout);
        ConfigException.positive("limits.resumption-timeout", resumptionTimeout);
        ConfigException.positive("limits.max-unacked-stanzas", maxUnackedStanzas);
        // One socket read (up to 64 KiB) at the lowest rate is a pause of 16 s, inside the ping and idle timeouts;
        // the smallest burst holds a whole login, so no TLS handshake or SASL exchange is ever paused.
        if (inboundBytesPerSecond != 0 && inboundBytesPerSecond < MIN_INBOUND_BYTES_PER_SECOND) {
            throw new ConfigException("limits.inbound-bytes-per-second: expected 0 (no limit) or at least "
                    + MIN_INBOUND_BYTES_PER_SECOND + ", got " + inboundBytesPerSecond);
        }
        if (inboundBurstBytes < MIN_INBOUND_BURST_BYTES) {
            throw new ConfigException("limits.inbound-burst-bytes: expected at least " + MIN_INBOUND_BURST_BYTES
                    + ", got " + inboundBurstBytes);
        }
    }

    /** The same limits with stream-management settings given. */
    public LimitsConfig(int maxStanzaBytes, int maxDepth, int outboundBufferBytes, Duration idleTimeout,
                        Duration pingInterval, Duration pingTimeout, Duration resumptionTimeout, int maxUnackedStanzas) {
        this(maxStanzaBytes, maxDepth, outboundBufferBytes, idleTimeout, pingInterval, pingTimeout, resumptionTimeout,
                maxUnackedStanzas, DEFAULT_INBOUND_BYTES_PER_SECOND, DEFAULT_INBOUND_BURST_BYTES);
    }

    /** The same limits with another inbound byte rate (0: none). */
    public LimitsConfig withInboundRate(int bytesPerSecond, int burstBytes) {
        return new LimitsConfig(maxStanzaBytes, maxDepth, outboundBufferBytes, idleTimeout, pingInterval, pingTimeout,
                resumptionTimeout, maxUnackedStanzas, bytesPerSecond, burstBytes);
    }

    /** The limits without stream-management settings or inbound rate, which then keep their defaults. */
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
