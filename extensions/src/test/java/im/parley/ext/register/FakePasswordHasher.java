package im.parley.ext.register;

import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Deterministic stand-in for {@code ScramCredentials.derive}: the same password always gives the same credential,
 * so a test can check which password was stored. Like the real one, it refuses a control character (RFC 4013 §2.3).
 */
final class FakePasswordHasher implements Function<String, List<ScramCredential>> {
    @Override
    public List<ScramCredential> apply(String password) {
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("password contains characters SASLprep (RFC 4013) prohibits");
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        return List.of(new ScramCredential(ScramHash.SHA_256, "salt".getBytes(StandardCharsets.UTF_8), 4096, bytes, bytes));
    }

    ScramCredential credentialFor(String password) {
        return apply(password).get(0);
    }
}
