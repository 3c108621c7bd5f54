package im.parley.storage;

import java.util.List;

/** What every store contract builds on: a storage without accounts at the start of each test. */
public abstract class StorageContract {
    /** The storage under test; the backend empties it before each test. */
    protected abstract Storage storage();

    protected static ScramCredential credential(ScramHash hash, int seed) {
        byte[] bytes = new byte[hash.length()];
        java.util.Arrays.fill(bytes, (byte) seed);
        return new ScramCredential(hash, new byte[] {1, 2, 3, (byte) seed}, 4096, bytes, bytes);
    }

    /** Creates an account and returns its name. */
    protected String account(String username) {
        if (!storage().users().create(username, List.of(credential(ScramHash.SHA_256, 1)))) {
            throw new IllegalStateException("account " + username + " exists already");
        }
        return username;
    }
}
