package im.parley.storage;

import java.util.List;
import java.util.Optional;

/** SCRAM credentials of accounts: salted keys only (RFC 5802 §3), one per hash function. */
public interface CredentialStore {
    Optional<ScramCredential> find(String username, ScramHash hash);

    /** Replaces every credential of an existing account (a password change); false if there is no such account. */
    boolean replace(String username, List<ScramCredential> credentials);
}
