package im.parley.storage.jdbc;

import im.parley.storage.Roster;
import im.parley.storage.RosterItem;
import im.parley.storage.RosterStore;
import im.parley.storage.StorageException;
import im.parley.storage.Subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Rosters in {@code roster_item} and {@code roster_group}; the version is {@code users.roster_version}. */
final class JdbcRosterStore implements RosterStore {
    private static final String ITEM_COLUMNS = "i.contact, i.name, i.subscription, i.pending_out, i.pending_in,"
            + " i.approved, g.group_name";
    private static final String GROUPS_OF_ITEM = " LEFT JOIN roster_group g ON g.username = i.username"
            + " AND g.contact = i.contact";
    private static final String SELECT_ITEMS = "SELECT " + ITEM_COLUMNS + " FROM roster_item i" + GROUPS_OF_ITEM
            + " WHERE i.username = ?";
    /**
     * The version and the items in one statement, which reads one snapshot on H2 and PostgreSQL alike: every login
     * reads its roster, and a transaction around two reads was three round trips to PostgreSQL instead of one. An
     * account without items gives one row with no contact; no account, no row.
     */
    private static final String SELECT_ROSTER = "SELECT u.roster_version, " + ITEM_COLUMNS + " FROM users u"
            + " LEFT JOIN roster_item i ON i.username = u.username" + GROUPS_OF_ITEM
            + " WHERE u.username = ? ORDER BY i.contact";

    private final Transactions tx;

    JdbcRosterStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Roster roster(String username) {
        return tx.read("reading roster of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT_ROSTER)) {
                s.setString(1, username);
                ItemRows rows = ItemRows.read(s, true);
                return new Roster(rows.version, rows.items());
            }
        });
    }

    @Override
    public Optional<RosterItem> item(String username, String contact) {
        return tx.read("reading roster item " + contact + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT_ITEMS + " AND i.contact = ?")) {
                s.setString(1, username);
                s.setString(2, contact);
                return ItemRows.read(s, false).items().stream().findFirst();
            }
        });
    }

    @Override
    public long put(String username, RosterItem item) {
        return tx.inTransaction("storing roster item " + item.contact() + " of " + username, c -> {
            long version = bumpVersion(c, username); // locks the account row: roster writes of a user queue up
            try (PreparedStatement s = c.prepareStatement(tx.dialect().upsert("roster_item",
                    List.of("username", "contact"),
                    List.of("name", "subscription", "pending_out", "pending_in", "approved")))) {
                s.setString(1, username);
                s.setString(2, item.contact());
                s.setString(3, item.name().orElse(null));
                s.setString(4, item.subscription().name());
                s.setBoolean(5, item.pendingOut());
                s.setBoolean(6, item.pendingIn());
                s.setBoolean(7, item.approved());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM roster_group WHERE username = ? AND contact = ?")) {
                s.setString(1, username);
                s.setString(2, item.contact());
                s.executeUpdate();
            }
            if (!item.groups().isEmpty()) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO roster_group (username, contact, group_name) VALUES (?, ?, ?)")) {
                    for (String group : item.groups()) {
                        s.setString(1, username);
                        s.setString(2, item.contact());
                        s.setString(3, group);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            return version;
        });
    }

    @Override
    public OptionalLong remove(String username, String contact) {
        return tx.inTransaction("removing roster item " + contact + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM roster_item WHERE username = ? AND contact = ?")) {
                s.setString(1, username);
                s.setString(2, contact);
                if (s.executeUpdate() == 0) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(bumpVersion(c, username));
        });
    }

    @Override
    public long version(String username) {
        return tx.read("reading roster version of " + username, c -> version(c, username));
    }

    private static long version(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT roster_version FROM users WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static long bumpVersion(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE users SET roster_version = roster_version + 1 WHERE username = ?")) {
            s.setString(1, username);
            if (s.executeUpdate() == 0) {
                throw new StorageException("no account " + username + " to keep a roster for");
            }
        }
        return version(c, username);
    }

    /**
     * The join yields one row per group: folds them back into one item per contact, keeping the order, with the
     * roster's version when the statement selects it ({@code SELECT_ROSTER}; 0 when there is no account).
     */
    private static final class ItemRows {
        private final Map<String, RosterItem> items = new LinkedHashMap<>();
        private final Map<String, List<String>> groups = new LinkedHashMap<>();
        private long version;

        static ItemRows read(PreparedStatement s, boolean withVersion) throws SQLException {
            ItemRows items = new ItemRows();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    if (withVersion) {
                        items.version = rows.getLong("roster_version");
                    }
                    items.add(rows);
                }
            }
            return items;
        }

        private void add(ResultSet rows) throws SQLException {
            String contact = rows.getString("contact");
            if (contact == null) {
                return; // the account's row when it has no items
            }
            items.computeIfAbsent(contact, k -> readItem(rows, k));
            List<String> itemGroups = groups.computeIfAbsent(contact, k -> new ArrayList<>());
            String group = rows.getString("group_name");
            if (group != null) {
                itemGroups.add(group);
            }
        }

        List<RosterItem> items() {
            return items.values().stream().map(i -> i.withGroups(groups.get(i.contact()))).toList();
        }
    }

    private static RosterItem readItem(ResultSet rows, String contact) {
        try {
            return new RosterItem(contact, Optional.ofNullable(rows.getString("name")),
                    Subscription.valueOf(rows.getString("subscription")), rows.getBoolean("pending_out"),
                    rows.getBoolean("pending_in"), rows.getBoolean("approved"), List.of());
        } catch (SQLException e) {
            throw new StorageException("reading roster item " + contact + " failed", e);
        }
    }
}
