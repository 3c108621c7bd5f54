package im.parley.config;

import java.nio.file.Path;

/** Everything the core server needs to start. {@code dataDirectory} holds the generated certificate. */
public record ServerConfig(
        String domain,
        Path dataDirectory,
        ListenersConfig listeners,
        TlsConfig tls,
        LimitsConfig limits,
        AuthConfig auth,
        BinaryEncodingConfig binaryEncoding) {

    public ServerConfig {
        if (domain == null || domain.isBlank() || domain.contains("@") || domain.contains("/")) {
            throw new ConfigException("domain: expected a domain name such as example.org, got '" + domain + "'");
        }
        domain = domain.toLowerCase(java.util.Locale.ROOT);
    }

    /** The configuration with the binary encoding at its defaults. */
    public ServerConfig(String domain, Path dataDirectory, ListenersConfig listeners, TlsConfig tls, LimitsConfig limits,
                        AuthConfig auth) {
        this(domain, dataDirectory, listeners, tls, limits, auth, BinaryEncodingConfig.defaults());
    }

    public static ServerConfig defaults() {
        return new ServerConfig("localhost", Path.of("data"), ListenersConfig.defaults(), TlsConfig.defaults(),
                LimitsConfig.defaults(), AuthConfig.defaults());
    }
}
