package im.parley.config;

/** One TCP listener. Port 0 binds a free port (tests). */
public record ListenerConfig(boolean enabled, String address, int port) {
    public ListenerConfig {
        address = address == null || address.isBlank() ? "0.0.0.0" : address;
    }

    static ListenerConfig validated(String key, ListenerConfig c) {
        ConfigException.port(key + ".port", c.port());
        return c;
    }
}
