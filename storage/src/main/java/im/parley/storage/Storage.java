package im.parley.storage;

/**
 * Every store the server uses; the only storage object the core receives. Closing it closes the pool.
 * Calls block: the core runs them on its per-user executors, never on a network event loop.
 */
public record Storage(
        UserStore users,
        CredentialStore credentials,
        RosterStore rosters,
        OfflineQueue offline,
        MessageArchive archive,
        PepStore pep,
        PreKeyStore preKeys,
        LastActivityStore lastActivity,
        BlockListStore blockLists,
        VCardStore vcards,
        PrivateXmlStore privateXml,
        AutoCloseable lifecycle) implements AutoCloseable {
    @Override
    public void close() {
        try {
            lifecycle.close();
        } catch (Exception e) {
            throw new StorageException("closing storage failed", e);
        }
    }
}
