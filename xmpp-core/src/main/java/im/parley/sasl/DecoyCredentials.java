package im.parley.sasl;

import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Credentials for accounts that do not exist, so an unknown user costs the same and fails the same way as a wrong
 * password (RFC 5802 §9 notes salts reveal accounts otherwise). The salt is derived from the username and a server
 * secret: stable for a name, so asking twice does not give it away, and unpredictable without the secret.
 */
final class DecoyCredentials {
    private final byte[] secret;
    private final int iterations;

    DecoyCredentials(byte[] secret, int iterations) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("server secret must have at least 16 bytes");
        }
        this.secret = secret.clone();
        this.iterations = iterations;
    }

    ScramCredential forUser(String username, ScramHash hash) {
        byte[] salt = Arrays.copyOf(derive("salt", username, hash), ScramCredentials.SALT_LENGTH);
        byte[] storedKey = Arrays.copyOf(derive("stored-key", username, hash), hash.length());
        byte[] serverKey = Arrays.copyOf(derive("server-key", username, hash), hash.length());
        return new ScramCredential(hash, salt, iterations, storedKey, serverKey);
    }

    private byte[] derive(String purpose, String username, ScramHash hash) {
        String input = "parley-decoy\0" + purpose + "\0" + hash.name() + "\0" + username;
        return ScramCrypto.hmac(ScramHash.SHA_512, secret, input.getBytes(StandardCharsets.UTF_8));
    }
}
