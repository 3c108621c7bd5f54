package im.parley.sasl;

import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** Turns a password into what we store: RFC 5802 §3 salted keys, one credential per {@link ScramHash}. */
public final class ScramCredentials {
    /** Salt length for new credentials; also the length of decoy salts, so the two cannot be told apart. */
    static final int SALT_LENGTH = 16;

    private ScramCredentials() {
    }

    /**
     * One credential per hash, each with a fresh salt. For registration and password changes.
     *
     * @throws IllegalArgumentException if the password is empty or fails SASLprep (RFC 4013)
     */
    public static List<ScramCredential> derive(String password, int iterations, SecureRandom random) {
        byte[] normalized = normalize(password);
        return Arrays.stream(ScramHash.values()).map(hash -> {
            byte[] salt = new byte[SALT_LENGTH];
            random.nextBytes(salt);
            return derive(hash, normalized, salt, iterations);
        }).toList();
    }

    /** One credential from a given salt (test vectors, and PLAIN verification). */
    static ScramCredential derive(ScramHash hash, byte[] normalizedPassword, byte[] salt, int iterations) {
        byte[] salted = ScramCrypto.hi(hash, normalizedPassword, salt, iterations);
        return new ScramCredential(hash, salt, iterations, ScramCrypto.storedKey(hash, salted), ScramCrypto.serverKey(hash, salted));
    }

    /** RFC 5802 §2.2 Normalize(): SASLprep, then UTF-8. */
    static byte[] normalize(String password) {
        String prepared = SaslPrep.prepare(password)
                .orElseThrow(() -> new IllegalArgumentException("password contains characters SASLprep (RFC 4013) prohibits"));
        if (prepared.isEmpty()) {
            throw new IllegalArgumentException("password is empty");
        }
        return prepared.getBytes(StandardCharsets.UTF_8);
    }
}
