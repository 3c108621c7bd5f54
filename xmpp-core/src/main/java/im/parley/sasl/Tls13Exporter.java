package im.parley.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.3 exporter (RFC 8446 §7.5) computed from a connection's exporter master secret, for TLS stacks that
 * reveal the secret but not the exporter: {@code HKDF-Expand-Label(Derive-Secret(secret, label, ""), "exporter",
 * Hash(context), length)}, with the hash of the negotiated cipher suite.
 */
public final class Tls13Exporter {
    private Tls13Exporter() {
    }

    /** RFC 9266 §2: the tls-exporter channel binding, label {@code EXPORTER-Channel-Binding} and an empty context. */
    public static byte[] channelBinding(String cipherSuite, byte[] exporterMasterSecret, int length) {
        return export(hashOf(cipherSuite), exporterMasterSecret, TlsChannelBinding.EXPORTER_LABEL, new byte[0], length);
    }

    /** RFC 8446 §7.5 with the named hash ("SHA-256" or "SHA-384"). */
    static byte[] export(String hash, byte[] exporterMasterSecret, String label, byte[] context, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance(hash);
            byte[] emptyTranscript = digest.digest();
            byte[] derived = expandLabel(hash, exporterMasterSecret, label, emptyTranscript, digest.getDigestLength());
            return expandLabel(hash, derived, "exporter", digest.digest(context), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + hash, e);
        }
    }

    /** RFC 8446 §4.2 and §7.1: TLS 1.3 names its suites' hash last (TLS_AES_256_GCM_SHA384). */
    static String hashOf(String cipherSuite) {
        return cipherSuite.endsWith("SHA384") ? "SHA-384" : "SHA-256";
    }

    /** RFC 8446 §7.1 HKDF-Expand-Label, for outputs no longer than one hash (all the exporter needs). */
    private static byte[] expandLabel(String hash, byte[] secret, String label, byte[] context, int length)
            throws GeneralSecurityException {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer hkdfLabel = ByteBuffer.allocate(2 + 1 + fullLabel.length + 1 + context.length)
                .putShort((short) length).put((byte) fullLabel.length).put(fullLabel).put((byte) context.length).put(context);
        // RFC 5869 §2.3 HKDF-Expand: T(1) = HMAC(PRK, info | 0x01)
        Mac hmac = Mac.getInstance("Hmac" + hash.replace("-", ""));
        if (length > hmac.getMacLength()) {
            throw new IllegalArgumentException("exporter output longer than one hash: " + length);
        }
        hmac.init(new SecretKeySpec(secret, hmac.getAlgorithm()));
        hmac.update(hkdfLabel.array());
        hmac.update((byte) 1);
        byte[] out = new byte[length];
        System.arraycopy(hmac.doFinal(), 0, out, 0, length);
        return out;
    }
}
