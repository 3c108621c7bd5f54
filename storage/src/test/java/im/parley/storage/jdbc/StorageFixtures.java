package im.parley.storage.jdbc;

import im.parley.storage.Storage;

/** Shared set-up of the backend tests. */
final class StorageFixtures {
    private StorageFixtures() {
    }

    /** Every table hangs off an account, so deleting all accounts empties the database. */
    static void deleteAllAccounts(Storage storage) {
        for (String username : storage.users().usernames(0, Integer.MAX_VALUE)) {
            storage.users().delete(username);
        }
    }
}
