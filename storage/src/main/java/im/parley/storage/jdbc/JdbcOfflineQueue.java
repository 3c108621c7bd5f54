package im.parley.storage.jdbc;

import im.parley.storage.OfflineEntry;
import im.parley.storage.OfflineMessage;
import im.parley.storage.OfflineQueue;
import im.parley.storage.OfflineStoreResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The offline queue in {@code offline_message}: one batch insert per store, concurrent stores sharing one commit
 * ({@link GroupCommit}: a burst to offline users is otherwise one commit per stanza), one query per drain, and the
 * deletes of many drained accounts in one transaction (the offline module gathers them behind the delivery).
 */
final class JdbcOfflineQueue implements OfflineQueue {
    private static final int MAX_BATCH = 512;

    private final Transactions tx;
    private final int limit;
    private final GroupCommit<OfflineEntry, OfflineStoreResult> stores = new GroupCommit<>(this::insert, MAX_BATCH);

    private record Removal(String username, long throughId) {}

    JdbcOfflineQueue(Transactions tx, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("storage.offline-queue-limit: expected at least 1, got " + limit);
        }
        this.tx = tx;
        this.limit = limit;
    }

    @Override
    public OfflineStoreResult store(OfflineEntry entry) {
        return storeAll(List.of(entry)).getFirst();
    }

    @Override
    public List<OfflineStoreResult> storeAll(List<OfflineEntry> entries) {
        return stores.submit(entries);
    }

    private List<OfflineStoreResult> insert(List<OfflineEntry> entries) {
        return tx.inTransaction("storing " + entries.size() + " offline stanzas", c -> {
            List<String> users = List.copyOf(new TreeSet<>(entries.stream().map(OfflineEntry::username).toList()));
            Map<String, Integer> queued = lockAndCount(c, users);
            Map<String, Integer> added = new HashMap<>();
            List<OfflineStoreResult> results = new ArrayList<>(entries.size());
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO offline_message"
                    + " (username, sender, stored_at, stanza) VALUES (?, ?, ?, ?)")) {
                boolean any = false;
                for (OfflineEntry entry : entries) {
                    Integer count = queued.get(entry.username());
                    if (count == null) {
                        results.add(OfflineStoreResult.NO_SUCH_USER);
                    } else if (count >= limit) {
                        // RFC 6121 §8.5.2.2.1: refuse the new stanza; never drop one already queued.
                        results.add(OfflineStoreResult.QUEUE_FULL);
                    } else {
                        queued.put(entry.username(), count + 1);
                        added.merge(entry.username(), 1, Integer::sum);
                        insert.setString(1, entry.username());
                        insert.setString(2, entry.from());
                        Timestamps.set(insert, 3, entry.stamp());
                        insert.setString(4, entry.stanza());
                        insert.addBatch();
                        any = true;
                        results.add(OfflineStoreResult.STORED);
                    }
                }
                if (any) {
                    insert.executeBatch();
                }
            }
            adjustCounts(c, added);
            return results;
        });
    }

    /**
     * Locks the recipients' account rows, in username order so batches never deadlock, and reads their queue
     * lengths. The lock makes the limit exact under concurrent stores; unknown accounts are absent from the map.
     */
    private Map<String, Integer> lockAndCount(Connection c, List<String> users) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement lock = c.prepareStatement("SELECT username, offline_count FROM users WHERE username IN ("
                + Placeholders.of(users.size()) + ") ORDER BY username " + tx.dialect().lockForCounterUpdate())) {
            for (int i = 0; i < users.size(); i++) {
                lock.setString(i + 1, users.get(i));
            }
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /** Moves the kept queue lengths by {@code delta} per user, in the caller's transaction. */
    private static void adjustCounts(Connection c, Map<String, Integer> deltas) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE users SET offline_count = offline_count + ? WHERE username = ?")) {
            for (Map.Entry<String, Integer> delta : new java.util.TreeMap<>(deltas).entrySet()) {
                if (delta.getValue() != 0) {
                    s.setInt(1, delta.getValue());
                    s.setString(2, delta.getKey());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    @Override
    public List<OfflineMessage> fetch(String username) {
        return tx.read("fetching offline stanzas of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, sender, stored_at, stanza"
                    + " FROM offline_message WHERE username = ? ORDER BY id")) {
                tx.dialect().planOnEveryExecution(s);
                s.setString(1, username);
                s.setFetchSize(500);
                List<OfflineMessage> messages = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        messages.add(new OfflineMessage(rows.getLong("id"), rows.getString("sender"),
                                Timestamps.get(rows, "stored_at"), rows.getString("stanza")));
                    }
                }
                return messages;
            }
        });
    }

    @Override
    public int removeThroughAll(Map<String, Long> throughIds) {
        if (throughIds.isEmpty()) {
            return 0;
        }
        List<Removal> batch = throughIds.entrySet().stream().map(e -> new Removal(e.getKey(), e.getValue())).toList();
        return deleteDelivered(batch).stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Delivered queues of several users at once (they log in together after an outage): one transaction, and one
     * batch of deletes, so PostgreSQL gets them in one round trip rather than one per account.
     */
    private List<Integer> deleteDelivered(List<Removal> removals) {
        return tx.inTransaction("removing delivered offline stanzas of " + removals.size() + " accounts", c -> {
            List<Integer> removed = new ArrayList<>(removals.size());
            Map<String, Integer> deltas = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM offline_message WHERE username = ? AND id <= ?")) {
                tx.dialect().planOnEveryExecution(s);
                for (Removal removal : removals) {
                    s.setString(1, removal.username());
                    s.setLong(2, removal.throughId());
                    s.addBatch();
                }
                int[] counts = s.executeBatch();
                if (counts.length != removals.size()) { // results are handed back to each caller by position
                    throw new SQLException("batched delete: " + counts.length + " counts for " + removals.size());
                }
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] < 0) { // the kept queue length must move by what was really deleted
                        throw new SQLException("no row count for a batched delete: " + counts[i]);
                    }
                    removed.add(counts[i]);
                    deltas.merge(removals.get(i).username(), -counts[i], Integer::sum);
                }
            }
            adjustCounts(c, deltas);
            return removed;
        });
    }

    @Override
    public int remove(String username, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<Long> list = List.copyOf(ids);
        return tx.inTransaction("removing " + ids.size() + " offline stanzas of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM offline_message WHERE username = ?"
                    + " AND id IN (" + Placeholders.of(list.size()) + ")")) {
                tx.dialect().planOnEveryExecution(s);
                s.setString(1, username);
                for (int i = 0; i < list.size(); i++) {
                    s.setLong(i + 2, list.get(i));
                }
                int removed = s.executeUpdate();
                adjustCounts(c, Map.of(username, -removed));
                return removed;
            }
        });
    }

    @Override
    public int count(String username) {
        return tx.read("counting offline stanzas of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT offline_count FROM users WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    @Override
    public int limit() {
        return limit;
    }
}
