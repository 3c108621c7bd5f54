package im.parley.storage.jdbc;

import im.parley.storage.ScramCredential;
import im.parley.storage.UserStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Accounts in the {@code users} table; every per-user table cascades from it, so deleting is one statement. */
final class JdbcUserStore implements UserStore {
    private final Transactions tx;

    JdbcUserStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean create(String username, List<ScramCredential> credentials) {
        return tx.inTransaction("creating account " + username, c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    tx.dialect().insertIgnoringDuplicates("users", List.of("username")))) {
                insert.setString(1, username);
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            } catch (java.sql.SQLException e) {
                if (SqlDialect.isDuplicateKey(e)) {
                    return false; // a concurrent registration of the same name won
                }
                throw e;
            }
            JdbcCredentialStore.insert(c, username, credentials);
            return true;
        });
    }

    @Override
    public boolean exists(String username) {
        return tx.read("looking up account " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public boolean delete(String username) {
        return tx.read("deleting account " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
                s.setString(1, username);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public long count() {
        return tx.read("counting accounts", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM users");
                 ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public List<String> usernames(int offset, int limit) {
        return tx.read("listing accounts", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT username FROM users ORDER BY username LIMIT ? OFFSET ?")) {
                s.setInt(1, limit);
                s.setInt(2, offset);
                List<String> names = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                return names;
            }
        });
    }
}
