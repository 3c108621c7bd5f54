package im.parley.transport;

import im.parley.config.TlsConfig;
import im.parley.sasl.ChannelBinding;
import im.parley.sasl.TlsChannelBinding;
import im.parley.session.TlsHandlers;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's TLS context for client streams (STARTTLS, RFC 6120 §5, and direct TLS, XEP-0368): TLS 1.2
 * and 1.3 only (RFC 7590, RFC 9325 §3.1.1), ALPN {@code xmpp-client}. The provider (docs/adr/003): OpenSSL
 * (BoringSSL) when it loads, otherwise the JDK's.
 */
public final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    /** XEP-0368 §3: the ALPN protocol id for client-to-server XMPP over direct TLS. */
    public static final String ALPN_XMPP_CLIENT = "xmpp-client";
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Which TLS implementation to use. */
    public enum Provider { AUTO, JDK, OPENSSL }

    /**
     * The server's TLS context, the certificate chain it presents (the leaf is what tls-server-end-point hashes) and,
     * on OpenSSL, what keeps the TLS 1.3 exporter secrets until the sessions read their channel binding.
     */
    public static final class ServerTls implements TlsHandlers {
        private final SslContext sslContext;
        private final List<X509Certificate> certificateChain;
        private final SslProvider provider;
        private final Optional<OpenSslExporterSecrets> exporterSecrets;

        ServerTls(SslContext sslContext, List<X509Certificate> certificateChain, SslProvider provider) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            this.certificateChain = List.copyOf(certificateChain);
            this.provider = provider;
            if (this.certificateChain.isEmpty()) {
                throw new IllegalArgumentException("certificate chain is empty");
            }
            this.exporterSecrets = OpenSslExporterSecrets.install(sslContext);
        }

        public SslContext sslContext() {
            return sslContext;
        }

        public List<X509Certificate> certificateChain() {
            return certificateChain;
        }

        public SslProvider provider() {
            return provider;
        }

        public X509Certificate leafCertificate() {
            return certificateChain.getFirst();
        }

        /** Whether TLS 1.3 connections offer RFC 9266 tls-exporter (SCRAM-*-PLUS with the strongest binding). */
        public boolean tlsExporter() {
            return exporterSecrets.isPresent() || provider == SslProvider.JDK && TlsChannelBinding.jdkCanExportKeyingMaterial();
        }

        @Override
        public SslHandler newHandler(Channel channel, boolean startTls) {
            SSLEngine engine = sslContext.newEngine(channel.alloc());
            exporterSecrets.ifPresent(secrets -> secrets.track(engine, channel));
            return new SslHandler(engine, startTls);
        }

        @Override
        public ChannelBinding channelBinding(SslHandler completedHandshake) {
            SSLEngine engine = completedHandshake.engine();
            return exporterSecrets.isPresent()
                    ? TlsChannelBinding.of(engine, leafCertificate(),
                            session -> exporterSecrets.get().takeTlsExporter(engine, TlsChannelBinding.EXPORTER_LENGTH))
                    : TlsChannelBinding.of(engine, leafCertificate());
        }

        /** Connections whose exporter secret is still kept (tests: none once their sessions have read it or closed). */
        int exporterSecretsKept() {
            return exporterSecrets.map(OpenSslExporterSecrets::tracked).orElse(0);
        }
    }

    private TlsContexts() {
    }

    /** {@link #server(TlsConfig, String, Path, Provider, Clock)} with the automatic provider and the system clock. */
    public static ServerTls server(TlsConfig config, String domain, Path dataDirectory) {
        return server(config, domain, dataDirectory, Provider.AUTO, Clock.systemUTC());
    }

    /**
     * The configured PEM certificate chain and key, or a self-signed certificate for {@code domain} kept under
     * {@code <dataDirectory>/tls/}.
     *
     * @throws TlsSetupException if the certificate or key cannot be read or used
     */
    public static ServerTls server(TlsConfig config, String domain, Path dataDirectory, Provider provider, Clock clock) {
        List<X509Certificate> chain;
        PrivateKey key;
        if (config.certificateFile().isPresent()) {
            Path certFile = config.certificateFile().get();
            chain = readChain(certFile);
            key = SelfSignedCertificate.readPrivateKey(config.privateKeyFile().orElseThrow());
        } else {
            SelfSignedCertificate selfSigned = SelfSignedCertificate.loadOrCreate(dataDirectory.resolve("tls"), domain, clock);
            chain = List.of(selfSigned.certificate());
            key = selfSigned.privateKey();
        }
        SslProvider chosen = choose(provider);
        try {
            SslContext context = SslContextBuilder.forServer(key, chain)
                    .sslProvider(chosen)
                    .protocols(PROTOCOLS)
                    .ciphers(null, SupportedCipherSuiteFilter.INSTANCE) // the provider's defaults: AEAD + forward secrecy
                    .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                            // A client that offers other protocols, or none (STARTTLS), still gets a session.
                            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, ALPN_XMPP_CLIENT))
                    .build();
            ServerTls tls = new ServerTls(context, chain, chosen);
            log.info("TLS for {}: provider {}, protocols {}, certificate {} (expires {}), tls-exporter {}",
                    domain, chosen, List.of(PROTOCOLS), chain.getFirst().getSubjectX500Principal(), chain.getFirst().getNotAfter(),
                    tls.tlsExporter() ? "available (TLS 1.3)" : "unavailable");
            return tls;
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot build the TLS context for " + domain + " with " + chosen, e);
        }
    }

    /**
     * OpenSSL (BoringSSL) when it loads: its handshakes cost a third of the JDK's, and its TLS 1.3 exporter secret
     * reaches us through the key-log callback, so tls-exporter works on both (ADR 003 addendum).
     */
    static SslProvider choose(Provider requested) {
        return switch (requested) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new TlsSetupException("OpenSSL was requested but netty-tcnative did not load", OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    private static List<X509Certificate> readChain(Path file) {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new TlsSetupException("no certificate in " + file, null);
            }
            return chain;
        } catch (java.io.IOException | CertificateException e) {
            throw new TlsSetupException("cannot read the certificate chain " + file, e);
        }
    }
}
