package im.parley.ext.register;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.xmpp.packet.JID;

/** What makes a username and a password acceptable for a new or changed account. */
final class AccountFields {
    /** RFC 7622 §3.3.1: a localpart is 1 to 1023 octets; passwords get the same bound. */
    static final int MAX_BYTES = 1023;

    private AccountFields() {}

    /** The nodeprepped localpart (RFC 6122 Appendix A), or empty when the username cannot be one. */
    static Optional<String> localpart(String username) {
        if (tooLong(username)) {
            return Optional.empty(); // before nodeprep, so oversized input costs nothing
        }
        try {
            String prepared = JID.nodeprep(username);
            return prepared.isEmpty() || tooLong(prepared) ? Optional.empty() : Optional.of(prepared);
        } catch (IllegalArgumentException invalid) {
            // Tinder reports prohibited code points this way; the caller answers not-acceptable.
            return Optional.empty();
        }
    }

    static boolean tooLong(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }
}
