package im.parley.storage.jdbc;

import im.parley.storage.LastActivity;
import im.parley.storage.LastActivityStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Last activity in {@code last_activity}, one row per user. */
final class JdbcLastActivityStore implements LastActivityStore {
    private final Transactions tx;

    JdbcLastActivityStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void put(String username, LastActivity activity) {
        tx.read("storing last activity of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(tx.dialect().upsert("last_activity",
                    List.of("username"), List.of("seen_at", "status")))) {
                s.setString(1, username);
                Timestamps.set(s, 2, activity.at());
                s.setString(3, activity.status());
                return s.executeUpdate();
            } catch (SQLException e) {
                // SQLState class 23, integrity constraint: the foreign key to users, the account is gone.
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return 0;
                }
                throw e;
            }
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
