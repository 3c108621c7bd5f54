package im.parley.storage;

/** A storage failure. Never means "not found": absence is an empty {@link java.util.Optional} or a {@code false}. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }

    /**
     * Whether {@code failure} means the database could not be reached (no connection within the pool's timeout, or
     * SQLState class 08, connection exception) rather than that this statement was refused: retrying its work piece by
     * piece would only wait for the timeout again, once per piece.
     */
    public static boolean databaseUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return hasSqlStateClass(failure, "08");
    }

    /** Whether an SQLException among the causes has an SQLState of this class (its first two characters). */
    public static boolean hasSqlStateClass(Throwable failure, String stateClass) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(stateClass)) {
                return true;
            }
        }
        return false;
    }
}
