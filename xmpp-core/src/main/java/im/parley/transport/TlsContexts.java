package im.parley.transport;

import im.parley.config.TlsConfig;
import im.parley.sasl.ChannelBinding;
import im.parley.sasl.TlsChannelBinding;
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
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's TLS context for client streams (STARTTLS, RFC 6120 §5, and direct TLS, XEP-0368): TLS 1.2
 * and 1.3 only (RFC 7590, RFC 9325 §3.1.1), ALPN {@code xmpp-client}. The provider is chosen for channel binding
 * (docs/adr/003-tls-provider-and-channel-binding.md): the JDK's when it can export keying material (JDK 25+,
 * RFC 9266 tls-exporter), otherwise OpenSSL (BoringSSL) when it loads, otherwise the JDK's.
 */
public final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    /** XEP-0368 §3: the ALPN protocol id for client-to-server XMPP over direct TLS. */
    public static final String ALPN_XMPP_CLIENT = "xmpp-client";
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Which TLS implementation to use. */
    public enum Provider { AUTO, JDK, OPENSSL }

    /** The server's TLS context and the certificate chain it presents (the leaf is what tls-server-end-point hashes). */
    public record ServerTls(SslContext sslContext, List<X509Certificate> certificateChain, SslProvider provider) {
        public ServerTls {
            Objects.requireNonNull(sslContext, "sslContext");
            certificateChain = List.copyOf(certificateChain);
            if (certificateChain.isEmpty()) {
                throw new IllegalArgumentException("certificate chain is empty");
            }
        }

        public X509Certificate leafCertificate() {
            return certificateChain.getFirst();
        }

        /** Channel-binding data of a connection whose TLS handshake has completed (e.g. on SslHandshakeCompletionEvent). */
        public ChannelBinding channelBinding(SslHandler completedHandshake) {
            return TlsChannelBinding.of(completedHandshake, leafCertificate());
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
            log.info("TLS for {}: provider {}, protocols {}, certificate {} (expires {}), tls-exporter {}",
                    domain, chosen, List.of(PROTOCOLS), chain.getFirst().getSubjectX500Principal(), chain.getFirst().getNotAfter(),
                    chosen == SslProvider.JDK && TlsChannelBinding.jdkCanExportKeyingMaterial() ? "available (TLS 1.3)" : "unavailable");
            return new ServerTls(context, chain, chosen);
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot build the TLS context for " + domain + " with " + chosen, e);
        }
    }

    /**
     * JDK first when it can export keying material: netty-tcnative 2.0.84 has no binding for
     * SSL_export_keying_material, so on OpenSSL only tls-server-end-point would work (ADR 003).
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
            case AUTO -> TlsChannelBinding.jdkCanExportKeyingMaterial() || !OpenSsl.isAvailable() ? SslProvider.JDK : SslProvider.OPENSSL;
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
