package im.parley.storage.jdbc;

import im.parley.storage.CredentialStore;
import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SCRAM credentials in {@code scram_credential}, one row per account and hash. */
final class JdbcCredentialStore implements CredentialStore {
    private final Transactions tx;

    JdbcCredentialStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<ScramCredential> find(String username, ScramHash hash) {
        return tx.read("reading " + hash + " credential of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT salt, iterations, stored_key, server_key"
                    + " FROM scram_credential WHERE username = ? AND hash = ?")) {
                s.setString(1, username);
                s.setString(2, hash.name());
                try (ResultSet rows = s.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ScramCredential(hash, rows.getBytes("salt"), rows.getInt("iterations"),
                            rows.getBytes("stored_key"), rows.getBytes("server_key")));
                }
            }
        });
    }

    @Override
    public boolean replace(String username, List<ScramCredential> credentials) {
        return tx.inTransaction("replacing credentials of " + username, c -> {
            // Lock the account row: two concurrent password changes apply one after the other.
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT username FROM users WHERE username = ? FOR UPDATE")) {
                lock.setString(1, username);
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM scram_credential WHERE username = ?")) {
                delete.setString(1, username);
                delete.executeUpdate();
            }
            insert(c, username, credentials);
            return true;
        });
    }

    static void insert(Connection c, String username, List<ScramCredential> credentials) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO scram_credential"
                + " (username, hash, salt, iterations, stored_key, server_key) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ScramCredential credential : credentials) {
                s.setString(1, username);
                s.setString(2, credential.hash().name());
                s.setBytes(3, credential.salt());
                s.setInt(4, credential.iterations());
                s.setBytes(5, credential.storedKey());
                s.setBytes(6, credential.serverKey());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
