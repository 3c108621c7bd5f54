package im.parley.sasl;

import java.security.SecureRandom;
import java.util.Base64;

/** The server's part of the SCRAM nonce (RFC 5802 §5.1 "r="). Injectable so tests can replay the RFC examples. */
@FunctionalInterface
public interface NonceSource {
    /** A fresh nonce of printable ASCII without ',' (RFC 5802 §7 "printable"). */
    String next();

    /** 18 random bytes, base64: 24 printable characters, never a ','. */
    static NonceSource secureRandom(SecureRandom random) {
        return () -> {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        };
    }
}
