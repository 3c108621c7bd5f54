package im.parley.storage;

/** A storage failure. Never means "not found": absence is an empty {@link java.util.Optional} or a {@code false}. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
