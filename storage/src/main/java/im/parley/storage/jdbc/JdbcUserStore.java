package im.parley.storage.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.parley.storage.ScramCredential;
import im.parley.storage.UserStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Accounts in the {@code users} table. Every per-user table but the archive cascades from it; the archive is deleted
 * with the account explicitly, under the account row's lock (on H2 it has no foreign key, ADR 020).
 */
final class JdbcUserStore implements UserStore {
    /** Names remembered as existing; past this, the least used are forgotten (and looked up again when asked). */
    static final int KNOWN_ACCOUNTS = 100_000;
    /** How long a name is remembered: bounds what another process deleting accounts in the same database can leave. */
    static final Duration KNOWN_FOR = Duration.ofMinutes(1);

    private final Transactions tx;
    /**
     * Accounts the database confirmed, so that {@link #exists} is a query only the first time: routing asks for every
     * message to an offline user (the router, then the archive for the recipient's copy). Only existing names are
     * kept (a lookup that finds none caches nothing). A name leaves after its delete committed, and a lookup racing
     * that delete cannot put it back: Caffeine's invalidation waits for a load of the same key, then removes its
     * result (as in {@link JdbcBlockListStore}). Per process: an account deleted by another process on the same
     * database stays known for up to {@link #KNOWN_FOR}.
     */
    private final Cache<String, Boolean> known = Caffeine.newBuilder()
            .maximumSize(KNOWN_ACCOUNTS).expireAfterWrite(KNOWN_FOR).build();
    /** Told each deleted name, after the delete committed: stores that keep per-account state in memory. */
    private final Consumer<String> deleted;

    JdbcUserStore(Transactions tx, Consumer<String> deleted) {
        this.tx = tx;
        this.deleted = deleted;
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
        return known.get(username, this::lookUp) != null;
    }

    /** TRUE when the account exists, null (nothing to keep) when it does not. */
    private Boolean lookUp(String username) {
        return tx.read("looking up account " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Boolean.TRUE : null;
                }
            }
        });
    }

    @Override
    public boolean delete(String username) {
        try {
            return tx.inTransaction("deleting account " + username, c -> {
                // The account's row first: an archive batch for it, which locks it too, commits before this reads
                // the archive, or finds no account after (ADR 020). On H2 no foreign key cascades to the archive.
                OptionalLong id = lockedId(c, username);
                if (id.isEmpty()) {
                    return false;
                }
                JdbcMessageArchive.deleteArchiveOf(c, id.getAsLong());
                try (PreparedStatement account = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
                    account.setLong(1, id.getAsLong());
                    return account.executeUpdate() > 0;
                }
            });
        } finally {
            known.invalidate(username);
            deleted.accept(username);
        }
    }

    private static OptionalLong lockedId(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE username = ? FOR UPDATE")) {
            s.setString(1, username);
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
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
