package im.parley.storage.jdbc;

import im.parley.storage.StorageException;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Borrows pooled connections and runs work on them, in a transaction when asked; SQL errors become StorageException. */
final class Transactions {
    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;

    Transactions(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** One statement or a read: runs in auto-commit mode. {@code what} names the operation in the error. */
    <T> T read(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Several statements committed together, or not at all; committed when this returns. */
    <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            // The pool puts auto-commit back when the connection returns to it.
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            // The original failure is the one worth reporting; keep this one attached to it.
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static StorageException failure(String what, SQLException e) {
        return new StorageException(what + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
