package im.parley.sasl;

import io.netty.handler.ssl.SslHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel-binding data of a TLS connection whose handshake has completed, computed once: the values are fixed for
 * the connection (RFC 9266 §3, RFC 5929 §4).
 */
public final class TlsChannelBinding {
    private static final Logger log = LoggerFactory.getLogger(TlsChannelBinding.class);

    /** RFC 9266 §2: the exporter label, an empty context and 32 bytes. */
    static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
    public static final int EXPORTER_LENGTH = 32;

    private static final Pattern SIGNATURE_HASH = Pattern.compile("^(MD5|MD2|SHA1|SHA-1|SHA224|SHA256|SHA384|SHA512|SHA3-224|SHA3-256|SHA3-384|SHA3-512)WITH.*");

    // JDK 25 added ExtendedSSLSession#exportKeyingMaterialData; we compile for 21, so look it up.
    private static final Optional<Method> EXPORT_KEYING_MATERIAL = exporterMethod();

    private TlsChannelBinding() {
    }

    /** For the server side of {@code sslHandler}, whose certificate is {@code ourCertificate}. Call after the handshake. */
    public static ChannelBinding of(SslHandler sslHandler, X509Certificate ourCertificate) {
        return of(sslHandler.engine(), ourCertificate);
    }

    /**
     * For a completed TLS connection. {@code endPointCertificate} is the server's certificate: our own on the server
     * side, the peer's leaf certificate on a client.
     */
    public static ChannelBinding of(SSLEngine engine, X509Certificate endPointCertificate) {
        return of(engine, endPointCertificate, TlsChannelBinding::tlsExporter);
    }

    /** As {@link #of(SSLEngine, X509Certificate)}, with the TLS stack's own way to the RFC 9266 exporter value. */
    public static ChannelBinding of(SSLEngine engine, X509Certificate endPointCertificate,
                                    Function<SSLSession, Optional<byte[]>> tlsExporter) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        tlsExporter.apply(engine.getSession()).ifPresent(bytes -> data.put(ChannelBinding.TLS_EXPORTER, bytes));
        tlsServerEndPoint(endPointCertificate).ifPresent(bytes -> data.put(ChannelBinding.TLS_SERVER_END_POINT, bytes));
        return ChannelBinding.of(data);
    }

    /** True if this JVM's TLS sessions can export keying material at all (JDK 25+ with the JDK provider). */
    public static boolean jdkCanExportKeyingMaterial() {
        return EXPORT_KEYING_MATERIAL.isPresent();
    }

    /**
     * RFC 9266. Only on TLS 1.3: on TLS 1.2 the exporter is safe only with the extended master secret (RFC 9266
     * §4.2, RFC 7627), which no SSLSession API lets us confirm.
     */
    static Optional<byte[]> tlsExporter(SSLSession session) {
        if (!"TLSv1.3".equals(session.getProtocol()) || EXPORT_KEYING_MATERIAL.isEmpty()
                || !(session instanceof ExtendedSSLSession)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = (byte[]) EXPORT_KEYING_MATERIAL.get().invoke(session, EXPORTER_LABEL, new byte[0], EXPORTER_LENGTH);
            return bytes != null && bytes.length == EXPORTER_LENGTH ? Optional.of(bytes) : Optional.empty();
        } catch (InvocationTargetException e) {
            // UnsupportedOperationException from sessions that do not implement it (e.g. the OpenSSL engine's).
            log.debug("tls-exporter unavailable on {} session: {}", session.getClass().getName(), e.getCause().toString());
            return Optional.empty();
        } catch (IllegalAccessException e) {
            log.debug("tls-exporter not accessible on {} session", session.getClass().getName(), e);
            return Optional.empty();
        }
    }

    /**
     * RFC 5929 §4.1: the hash of the DER certificate, using the hash of its signature algorithm, SHA-256 if that is
     * MD5 or SHA-1. Empty when the signature has no single hash (e.g. Ed25519, RSASSA-PSS): the type is then not
     * offered rather than guessed.
     */
    static Optional<byte[]> tlsServerEndPoint(X509Certificate certificate) {
        Matcher m = SIGNATURE_HASH.matcher(certificate.getSigAlgName().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        String hash = switch (m.group(1)) {
            case "MD5", "MD2", "SHA1", "SHA-1" -> "SHA-256";
            case String s when s.startsWith("SHA3-") -> s;
            case String s -> "SHA-" + s.substring(3);
        };
        try {
            return Optional.of(MessageDigest.getInstance(hash).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            log.warn("tls-server-end-point unavailable for certificate {} ({})", certificate.getSubjectX500Principal(), hash, e);
            return Optional.empty();
        }
    }

    private static Optional<Method> exporterMethod() {
        try {
            return Optional.of(ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
