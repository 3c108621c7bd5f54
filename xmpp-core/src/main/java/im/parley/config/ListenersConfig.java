package im.parley.config;

/**
 * Client listeners: {@code c2s} speaks STARTTLS (RFC 6120 §5), {@code c2s-direct-tls} starts with TLS (XEP-0368).
 */
public record ListenersConfig(ListenerConfig c2s, ListenerConfig c2sDirectTls) {
    public ListenersConfig {
        ListenerConfig.validated("listeners.c2s", c2s);
        ListenerConfig.validated("listeners.c2s-direct-tls", c2sDirectTls);
    }

    public static ListenersConfig defaults() {
        return new ListenersConfig(new ListenerConfig(true, "0.0.0.0", 5222), new ListenerConfig(true, "0.0.0.0", 5223));
    }

    public static ListenersConfig onFreePorts() {
        return new ListenersConfig(new ListenerConfig(true, "127.0.0.1", 0), new ListenerConfig(true, "127.0.0.1", 0));
    }
}
