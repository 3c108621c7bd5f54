package im.parley.conformance.support;

import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Channel-binding data computed on the client's side of a TLS session, to hand-check a server's SCRAM-PLUS. */
public record ChannelBindingData(String type, byte[] data) {

    /**
     * RFC 9266 §2: 32 bytes exported with label {@code EXPORTER-Channel-Binding} and no context. The exporter API
     * ({@code ExtendedSSLSession#exportKeyingMaterialData}) is new in JDK 25 while we compile for 21: reflection.
     */
    public static ChannelBindingData tlsExporter(SSLSession session) {
        try {
            // Looked up on the public type: the implementation class lives in a package java.base does not open.
            Method export = ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class);
            byte[] data = (byte[]) export.invoke(session, "EXPORTER-Channel-Binding", new byte[0], 32);
            return new ChannelBindingData("tls-exporter", data);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JDK cannot export TLS keying material (needs JDK 25+)", e);
        }
    }

    /**
     * RFC 5929 §4.1: the hash of the server's certificate, with the hash of its signature algorithm (SHA-256 when
     * that is MD5 or SHA-1).
     */
    public static ChannelBindingData tlsServerEndPoint(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            X509Certificate leaf = (X509Certificate) chain[0];
            String algorithm = leaf.getSigAlgName().toUpperCase(Locale.ROOT);
            String hash = algorithm.startsWith("SHA384") ? "SHA-384" : algorithm.startsWith("SHA512") ? "SHA-512" : "SHA-256";
            return new ChannelBindingData("tls-server-end-point", MessageDigest.getInstance(hash).digest(leaf.getEncoded()));
        } catch (SSLPeerUnverifiedException | CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the server certificate", e);
        }
    }

    /** The same type with other bytes: what a man in the middle's session would yield. */
    public ChannelBindingData tampered() {
        byte[] copy = data.clone();
        copy[0] ^= 0x01;
        return new ChannelBindingData(type, copy);
    }
}
