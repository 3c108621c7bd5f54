package im.parley.storage.jdbc;

import im.parley.storage.PepItem;
import im.parley.storage.PepNode;
import im.parley.storage.PepStore;
import im.parley.storage.PepSubscription;
import im.parley.storage.StorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PEP in {@code pep_node}, {@code pep_node_config}, {@code pep_item} (seq orders publication) and {@code pep_subscription}. */
final class JdbcPepStore implements PepStore {
    private static final String ITEM_COLUMNS = "item_id, publisher, published_at, payload";

    private final Transactions tx;

    JdbcPepStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void putNode(String owner, PepNode node) {
        tx.inTransaction("storing PEP node " + node.node() + " of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    tx.dialect().insertIgnoringDuplicates("pep_node", List.of("username", "node")))) {
                s.setString(1, owner);
                s.setString(2, node.node());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM pep_node_config WHERE username = ? AND node = ?")) {
                s.setString(1, owner);
                s.setString(2, node.node());
                s.executeUpdate();
            }
            if (!node.config().isEmpty()) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO pep_node_config (username, node, name, val) VALUES (?, ?, ?, ?)")) {
                    for (Map.Entry<String, String> field : node.config().entrySet()) {
                        s.setString(1, owner);
                        s.setString(2, node.node());
                        s.setString(3, field.getKey());
                        s.setString(4, field.getValue());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<PepNode> node(String owner, String node) {
        return tx.read("reading PEP node " + node + " of " + owner, c -> {
            List<PepNode> nodes = readNodes(c, owner, Optional.of(node));
            return nodes.stream().findFirst();
        });
    }

    @Override
    public List<PepNode> nodes(String owner) {
        return tx.read("listing PEP nodes of " + owner, c -> readNodes(c, owner, Optional.empty()));
    }

    private static List<PepNode> readNodes(Connection c, String owner, Optional<String> only) throws SQLException {
        String sql = "SELECT n.node, f.name, f.val FROM pep_node n LEFT JOIN pep_node_config f"
                + " ON f.username = n.username AND f.node = n.node WHERE n.username = ?"
                + (only.isPresent() ? " AND n.node = ?" : "") + " ORDER BY n.node";
        Map<String, Map<String, String>> configs = new java.util.LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, owner);
            if (only.isPresent()) {
                s.setString(2, only.get());
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    Map<String, String> config = configs.computeIfAbsent(rows.getString(1), k -> new HashMap<>());
                    if (rows.getString(2) != null) {
                        config.put(rows.getString(2), rows.getString(3));
                    }
                }
            }
        }
        return configs.entrySet().stream().map(e -> new PepNode(e.getKey(), e.getValue())).toList();
    }

    @Override
    public boolean deleteNode(String owner, String node) {
        return tx.read("deleting PEP node " + node + " of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM pep_node WHERE username = ? AND node = ?")) {
                s.setString(1, owner);
                s.setString(2, node);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void publish(String owner, String node, PepItem item, int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("pubsub#max_items must be at least 1, got " + maxItems);
        }
        tx.inTransaction("publishing item " + item.id() + " to PEP node " + node + " of " + owner, c -> {
            lockNode(c, owner, node);
            // XEP-0060 §7.1.2: republishing an id overwrites the item; it becomes the newest.
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM pep_item WHERE username = ? AND node = ? AND item_id = ?")) {
                s.setString(1, owner);
                s.setString(2, node);
                s.setString(3, item.id());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO pep_item"
                    + " (username, node, item_id, publisher, published_at, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, owner);
                s.setString(2, node);
                s.setString(3, item.id());
                s.setString(4, item.publisher());
                Timestamps.set(s, 5, item.published());
                s.setString(6, item.payload());
                s.executeUpdate();
            }
            // Keep the newest maxItems: remove everything at or below the (maxItems+1)-th newest.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM pep_item WHERE username = ? AND node = ?"
                    + " AND seq <= (SELECT seq FROM pep_item WHERE username = ? AND node = ?"
                    + " ORDER BY seq DESC LIMIT 1 OFFSET ?)")) {
                s.setString(1, owner);
                s.setString(2, node);
                s.setString(3, owner);
                s.setString(4, node);
                s.setInt(5, maxItems);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Locks the node row: concurrent publishes to one node apply in turn, so trimming to max_items is exact. */
    private static void lockNode(Connection c, String owner, String node) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT node FROM pep_node WHERE username = ? AND node = ? FOR UPDATE")) {
            s.setString(1, owner);
            s.setString(2, node);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw new StorageException("no PEP node " + node + " of " + owner + " to publish to");
                }
            }
        }
    }

    @Override
    public List<PepItem> items(String owner, String node, int max) {
        return tx.read("reading items of PEP node " + node + " of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM pep_item"
                    + " WHERE username = ? AND node = ? ORDER BY seq DESC LIMIT ?")) {
                s.setString(1, owner);
                s.setString(2, node);
                s.setInt(3, max);
                List<PepItem> items = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        items.add(readItem(rows));
                    }
                }
                Collections.reverse(items);
                return items;
            }
        });
    }

    @Override
    public Optional<PepItem> item(String owner, String node, String itemId) {
        return tx.read("reading item " + itemId + " of PEP node " + node + " of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM pep_item"
                    + " WHERE username = ? AND node = ? AND item_id = ?")) {
                s.setString(1, owner);
                s.setString(2, node);
                s.setString(3, itemId);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(readItem(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean retract(String owner, String node, String itemId) {
        return tx.read("retracting item " + itemId + " of PEP node " + node + " of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM pep_item WHERE username = ? AND node = ? AND item_id = ?")) {
                s.setString(1, owner);
                s.setString(2, node);
                s.setString(3, itemId);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int purge(String owner, String node) {
        return tx.read("purging PEP node " + node + " of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM pep_item WHERE username = ? AND node = ?")) {
                s.setString(1, owner);
                s.setString(2, node);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void subscribe(PepSubscription subscription) {
        tx.read("subscribing " + subscription.subscriber() + " to PEP node " + subscription.node(), c -> {
            try (PreparedStatement s = c.prepareStatement(tx.dialect().upsert("pep_subscription",
                    List.of("username", "node", "subscriber"), List.of("state")))) {
                s.setString(1, subscription.owner());
                s.setString(2, subscription.node());
                s.setString(3, subscription.subscriber());
                s.setString(4, subscription.state().name());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean unsubscribe(String owner, String node, String subscriber) {
        return tx.read("unsubscribing " + subscriber + " from PEP node " + node + " of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM pep_subscription WHERE username = ? AND node = ? AND subscriber = ?")) {
                s.setString(1, owner);
                s.setString(2, node);
                s.setString(3, subscriber);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<PepSubscription> subscriptions(String owner, String node) {
        return tx.read("listing subscribers of PEP node " + node + " of " + owner, c -> readSubscriptions(c,
                "SELECT username, node, subscriber, state FROM pep_subscription WHERE username = ? AND node = ?"
                        + " ORDER BY subscriber", owner, node));
    }

    @Override
    public List<PepSubscription> subscriptionsOf(String subscriber) {
        return tx.read("listing PEP subscriptions of " + subscriber, c -> readSubscriptions(c,
                "SELECT username, node, subscriber, state FROM pep_subscription WHERE subscriber = ?"
                        + " ORDER BY username, node", subscriber));
    }

    private static List<PepSubscription> readSubscriptions(Connection c, String sql, String... params)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            List<PepSubscription> subscriptions = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    subscriptions.add(new PepSubscription(rows.getString(1), rows.getString(2), rows.getString(3),
                            PepSubscription.State.valueOf(rows.getString(4))));
                }
            }
            return subscriptions;
        }
    }

    private static PepItem readItem(ResultSet rows) throws SQLException {
        return new PepItem(rows.getString("item_id"), rows.getString("publisher"),
                Timestamps.get(rows, "published_at"), rows.getString("payload"));
    }
}
