package im.parley.sasl;

import im.parley.storage.ScramHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM functions of RFC 5802 §2.2 and the key derivation of §3. */
final class ScramCrypto {
    static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private ScramCrypto() {
    }

    static byte[] hmac(ScramHash hash, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hash.hmacName());
            mac.init(new SecretKeySpec(key, hash.hmacName()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacName() + " is not available in this JVM", e);
        }
    }

    static byte[] digest(ScramHash hash, byte[] data) {
        try {
            return MessageDigest.getInstance(hash.digestName()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.digestName() + " is not available in this JVM", e);
        }
    }

    /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC as PRF and one block. Written out because JCE's PBKDF2 takes char[]. */
    static byte[] hi(ScramHash hash, byte[] normalizedPassword, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(hash.hmacName());
            mac.init(new SecretKeySpec(normalizedPassword, hash.hmacName()));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacName() + " is not available in this JVM", e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** StoredKey := H(HMAC(SaltedPassword, "Client Key")). */
    static byte[] storedKey(ScramHash hash, byte[] saltedPassword) {
        return digest(hash, hmac(hash, saltedPassword, CLIENT_KEY));
    }

    /** ServerKey := HMAC(SaltedPassword, "Server Key"). */
    static byte[] serverKey(ScramHash hash, byte[] saltedPassword) {
        return hmac(hash, saltedPassword, SERVER_KEY);
    }
}
