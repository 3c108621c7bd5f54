package im.parley.sasl;

import im.parley.storage.CredentialStore;
import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;

/** Finds an account's credential, or a decoy for an unknown account so the caller's work and answer stay the same. */
final class CredentialLookup {
    /** The credential to compute with; {@code known} false means it is a decoy and must never succeed. */
    record Found(ScramCredential credential, boolean known) {
    }

    private final CredentialStore store;
    private final DecoyCredentials decoys;

    CredentialLookup(CredentialStore store, DecoyCredentials decoys) {
        this.store = store;
        this.decoys = decoys;
    }

    /** @throws im.parley.storage.StorageException when storage fails (the caller answers temporary-auth-failure) */
    Found find(String username, ScramHash hash) {
        return store.find(username, hash)
                .map(credential -> new Found(credential, true))
                .orElseGet(() -> new Found(decoys.forUser(username, hash), false));
    }
}
