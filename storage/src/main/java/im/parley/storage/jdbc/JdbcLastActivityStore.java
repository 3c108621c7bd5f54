package im.parley.storage.jdbc;

import im.parley.storage.LastActivity;
import im.parley.storage.LastActivityStore;
import im.parley.storage.StorageException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Last activity in {@code last_activity}, one row per user. Logouts come in bursts (a network outage ends thousands of
 * sessions at once), so concurrent writes share one commit ({@link GroupCommit}).
 */
final class JdbcLastActivityStore implements LastActivityStore {
    private static final int MAX_BATCH = 512;

    private record Put(String username, LastActivity activity) {}

    private final Transactions tx;
    private final GroupCommit<Put, Boolean> puts = new GroupCommit<>(this::upsertAll, MAX_BATCH);

    JdbcLastActivityStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void put(String username, LastActivity activity) {
        try {
            puts.submit(List.of(new Put(username, activity)));
        } catch (StorageException e) {
            // SQLState class 23, integrity constraint: the foreign key to users, the account is gone. A batch that
            // fails is retried caller by caller, so this is this caller's own row.
            if (!SqlDialect.isIntegrityViolation(e)) {
                throw e;
            }
        }
    }

    /** One transaction; rows in username order (a user's own puts keep their order, so the last one wins). */
    private List<Boolean> upsertAll(List<Put> entries) {
        List<Put> sorted = entries.stream().sorted(Comparator.comparing(Put::username)).toList();
        return tx.inTransaction("storing the last activity of " + entries.size() + " accounts", c -> {
            try (PreparedStatement s = c.prepareStatement(tx.dialect().upsert("last_activity",
                    List.of("username"), List.of("seen_at", "status")))) {
                for (Put put : sorted) {
                    s.setString(1, put.username());
                    Timestamps.set(s, 2, put.activity().at());
                    s.setString(3, put.activity().status());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return Collections.nCopies(entries.size(), Boolean.TRUE);
        });
    }

    @Override
    public Optional<LastActivity> find(String username) {
        return tx.read("reading last activity of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT seen_at, status FROM last_activity WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new LastActivity(Timestamps.get(rows, "seen_at"), rows.getString("status")))
                            : Optional.empty();
                }
            }
        });
    }
}
