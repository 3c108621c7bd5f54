package im.parley.storage.jdbc;

import im.parley.storage.ArchivePage;
import im.parley.storage.ArchiveQuery;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.Direction;
import im.parley.storage.MessageArchive;
import im.parley.storage.PageRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Archives in {@code archive_message}, keyed by the owner's numeric account id (ADR 009). Pages are index range
 * scans on (owner, peer, seq) or (owner, seq), reading one row more than asked to learn whether the page is the last
 * one in its direction.
 */
final class JdbcMessageArchive implements MessageArchive {
    private static final String COLUMNS = "seq, stanza_id, sent_at, peer, direction, stanza";

    private final Transactions tx;

    JdbcMessageArchive(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(ArchivedMessage message) {
        appendAll(List.of(message));
    }

    /**
     * Rows whose owner has no account are not stored: the account was deleted while they waited to be written, and
     * its deletion removed its archive. The owners' account rows stay locked until the commit, so a deletion either
     * comes first or waits and then deletes these rows too (ADR 020; on H2 no foreign key does it).
     */
    @Override
    public void appendAll(List<ArchivedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        // Batching is the caller's: the message archive module writes behind, many messages per call (ADR 007).
        tx.inTransaction("archiving " + messages.size() + " messages", c -> {
            Map<String, Long> owners = ownerIds(c, messages.stream().map(ArchivedMessage::owner).distinct().toList(),
                    Optional.of(tx.dialect().lockAgainstDeletion()));
            try (PreparedStatement s = c.prepareStatement("INSERT INTO archive_message"
                    + " (owner_id, stanza_id, sent_at, peer, direction, stanza) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ArchivedMessage m : messages) {
                    Long owner = owners.get(m.owner());
                    if (owner == null) {
                        continue;
                    }
                    s.setLong(1, owner);
                    s.setString(2, m.id());
                    Timestamps.set(s, 3, m.timestamp());
                    s.setString(4, m.peer());
                    s.setString(5, m.direction().name());
                    s.setString(6, m.stanza());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<ArchivePage> query(ArchiveQuery query) {
        return tx.read("querying the archive of " + query.owner(), c -> {
            PageRequest page = query.page();
            OptionalLong owner = ownerId(c, query.owner());
            if (owner.isEmpty()) {
                // No account, no archive: an empty page, or item-not-found for a cursor that cannot be in it.
                boolean cursorGiven = page instanceof PageRequest.After || page instanceof PageRequest.Before;
                return cursorGiven ? Optional.empty() : Optional.of(new ArchivePage(List.of(), 0, true));
            }
            Filter filter = Filter.of(query, owner.getAsLong());
            OptionalLong cursor = switch (page) {
                case PageRequest.After after -> seqOf(c, owner.getAsLong(), after.id());
                case PageRequest.Before before -> seqOf(c, owner.getAsLong(), before.id());
                case PageRequest.First first -> OptionalLong.of(Long.MIN_VALUE);
                case PageRequest.Last last -> OptionalLong.of(Long.MAX_VALUE);
            };
            if (cursor.isEmpty()) {
                return Optional.empty();
            }
            boolean backward = page instanceof PageRequest.Before || page instanceof PageRequest.Last;
            String sql = tx.dialect().seqPage("archive_message", COLUMNS,
                    filter.sql() + (backward ? " AND seq < ?" : " AND seq > ?"), backward ? "DESC" : "ASC");
            List<ArchivedMessage> messages = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int next = filter.bind(s);
                s.setLong(next++, cursor.getAsLong());
                s.setInt(next, page.max() + 1);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        messages.add(read(rows, query.owner()));
                    }
                }
            }
            boolean complete = messages.size() <= page.max();
            if (!complete) {
                messages.removeLast();
            }
            if (backward) {
                Collections.reverse(messages);
            }
            return Optional.of(new ArchivePage(messages, count(c, filter), complete));
        });
    }

    @Override
    public Optional<ArchivedMessage> find(String owner, String id) {
        return tx.read("reading archived message " + id + " of " + owner, c -> {
            OptionalLong ownerId = ownerId(c, owner);
            if (ownerId.isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM archive_message WHERE stanza_id = ? AND owner_id = ?")) {
                s.setString(1, id);
                s.setLong(2, ownerId.getAsLong());
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows, owner)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public int removeOlderThan(String owner, Instant before) {
        return tx.read("expiring the archive of " + owner, c -> {
            OptionalLong ownerId = ownerId(c, owner);
            if (ownerId.isEmpty()) {
                return 0;
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM archive_message WHERE owner_id = ? AND sent_at < ?")) {
                s.setLong(1, ownerId.getAsLong());
                Timestamps.set(s, 2, before);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public int removeAll(String owner) {
        return tx.read("removing the archive of " + owner, c -> {
            OptionalLong ownerId = ownerId(c, owner);
            if (ownerId.isEmpty()) {
                return 0;
            }
            return deleteArchiveOf(c, ownerId.getAsLong());
        });
    }

    /** Deletes an account's whole archive in the caller's transaction; also part of deleting the account. */
    static int deleteArchiveOf(Connection c, long ownerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM archive_message WHERE owner_id = ?")) {
            s.setLong(1, ownerId);
            return s.executeUpdate();
        }
    }

    private static OptionalLong ownerId(Connection c, String owner) throws SQLException {
        Long id = ownerIds(c, List.of(owner), Optional.empty()).get(owner);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /**
     * The account ids of those owners that have an account; {@code lock}: the row lock to hold on them until the
     * commit. Locked in username order, as the offline store locks accounts, so the two never wait for each other in
     * a circle.
     */
    private static Map<String, Long> ownerIds(Connection c, List<String> owners, Optional<String> lock)
            throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT username, id FROM users WHERE username IN ("
                + Placeholders.of(owners.size()) + ") ORDER BY username" + lock.map(l -> " " + l).orElse(""))) {
            for (int i = 0; i < owners.size(); i++) {
                s.setString(i + 1, owners.get(i));
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return ids;
    }

    private static OptionalLong seqOf(Connection c, long owner, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq FROM archive_message WHERE stanza_id = ? AND owner_id = ?")) {
            s.setString(1, id);
            s.setLong(2, owner);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static long count(Connection c, Filter filter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM archive_message WHERE " + filter.sql())) {
            filter.bind(s);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static ArchivedMessage read(ResultSet rows, String owner) throws SQLException {
        return new ArchivedMessage(rows.getString("stanza_id"), owner,
                Timestamps.get(rows, "sent_at"), rows.getString("peer"),
                Direction.valueOf(rows.getString("direction")), rows.getString("stanza"));
    }

    /** The WHERE clause of a query's filters (XEP-0313 §4.1) and the binding of its parameters. */
    private record Filter(String sql, ArchiveQuery query, long owner) {
        static Filter of(ArchiveQuery q, long owner) {
            StringBuilder sql = new StringBuilder("owner_id = ?");
            q.with().ifPresent(w -> sql.append(" AND peer = ?"));
            q.start().ifPresent(s -> sql.append(" AND sent_at >= ?"));
            q.end().ifPresent(e -> sql.append(" AND sent_at <= ?"));
            if (!q.ids().isEmpty()) {
                sql.append(" AND stanza_id IN (").append(Placeholders.of(q.ids().size())).append(')');
            }
            return new Filter(sql.toString(), q, owner);
        }

        /** Binds the filter's parameters; returns the index of the next free parameter. */
        int bind(PreparedStatement s) throws SQLException {
            int i = 1;
            s.setLong(i++, owner);
            if (query.with().isPresent()) {
                s.setString(i++, query.with().get());
            }
            if (query.start().isPresent()) {
                Timestamps.set(s, i++, query.start().get());
            }
            if (query.end().isPresent()) {
                Timestamps.set(s, i++, query.end().get());
            }
            for (String id : query.ids()) {
                s.setString(i++, id);
            }
            return i;
        }
    }
}
