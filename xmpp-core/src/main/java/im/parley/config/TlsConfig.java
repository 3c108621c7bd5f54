package im.parley.config;

import java.nio.file.Path;

/**
 * TLS for client streams. With no certificate configured, a self-signed one for the domain is created on first
 * start under {@code <data>/tls/}. {@code required}: STARTTLS is mandatory-to-negotiate (RFC 6120 §5.3.1); only
 * an operator who terminates TLS elsewhere turns it off.
 */
public record TlsConfig(Path certificate, Path privateKey, boolean required, Provider provider) {
    /**
     * Which TLS implementation serves clients. {@code auto}: OpenSSL (BoringSSL, bundled with Parley) when it loads on
     * this platform, else the JDK's; {@code jdk}: the JDK's, whose handshakes cost about three times the CPU. Both
     * offer tls-exporter on TLS 1.3 (the JDK's from JDK 25) and tls-server-end-point (docs/adr/003).
     */
    public enum Provider { AUTO, JDK, OPENSSL }

    public TlsConfig(Path certificate, Path privateKey, boolean required) {
        this(certificate, privateKey, required, Provider.AUTO);
    }

    public TlsConfig {
        provider = provider == null ? Provider.AUTO : provider;
        if ((certificate == null) != (privateKey == null)) {
            throw new ConfigException("tls: certificate and private-key go together; set both or neither");
        }
    }

    public java.util.Optional<Path> certificateFile() { return java.util.Optional.ofNullable(certificate); }

    public java.util.Optional<Path> privateKeyFile() { return java.util.Optional.ofNullable(privateKey); }

    public static TlsConfig defaults() {
        return new TlsConfig(null, null, true, Provider.AUTO);
    }
}
