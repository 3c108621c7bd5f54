package im.parley.ext.ping;

/**
 * {@code modules.ping}: nothing to set yet. The interval of the server's pings of idle clients belongs to the core
 * ({@code limits.ping-interval}); this record keeps a home for future keys of the module.
 */
public record PingConfig() {
    public static PingConfig defaults() {
        return new PingConfig();
    }
}
