package im.parley.storage;

/** Every store the server uses; the only storage object the core receives. Closing it closes the pool. */
public record Storage(UserStore users, CredentialStore credentials, AutoCloseable lifecycle) implements AutoCloseable {
    @Override
    public void close() {
        try {
            lifecycle.close();
        } catch (Exception e) {
            throw new StorageException("closing storage failed", e);
        }
    }
}
