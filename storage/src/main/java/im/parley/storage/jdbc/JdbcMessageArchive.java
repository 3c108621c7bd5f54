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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Archives in {@code archive_message}. Pages are index range scans on (owner, peer, seq) or (owner, seq),
 * reading one row more than asked to learn whether the page is the last one in its direction.
 */
final class JdbcMessageArchive implements MessageArchive {
    private static final String COLUMNS = "seq, stanza_id, username, sent_at, peer, direction, stanza";

    private final Transactions tx;

    JdbcMessageArchive(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(ArchivedMessage message) {
        appendAll(List.of(message));
    }

    @Override
    public void appendAll(List<ArchivedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        // Batching is the caller's: the message archive module writes behind, many messages per call (ADR 007).
        tx.inTransaction("archiving " + messages.size() + " messages", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO archive_message"
                    + " (username, stanza_id, sent_at, peer, direction, stanza) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ArchivedMessage m : messages) {
                    s.setString(1, m.owner());
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
            Filter filter = Filter.of(query);
            PageRequest page = query.page();
            OptionalLong cursor = switch (page) {
                case PageRequest.After after -> seqOf(c, query.owner(), after.id());
                case PageRequest.Before before -> seqOf(c, query.owner(), before.id());
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
                        messages.add(read(rows));
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
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM archive_message WHERE username = ? AND stanza_id = ?")) {
                s.setString(1, owner);
                s.setString(2, id);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public int removeOlderThan(String owner, Instant before) {
        return tx.read("expiring the archive of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM archive_message WHERE username = ? AND sent_at < ?")) {
                s.setString(1, owner);
                Timestamps.set(s, 2, before);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public int removeAll(String owner) {
        return tx.read("removing the archive of " + owner, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM archive_message WHERE username = ?")) {
                s.setString(1, owner);
                return s.executeUpdate();
            }
        });
    }

    private static OptionalLong seqOf(Connection c, String owner, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq FROM archive_message WHERE username = ? AND stanza_id = ?")) {
            s.setString(1, owner);
            s.setString(2, id);
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

    private static ArchivedMessage read(ResultSet rows) throws SQLException {
        return new ArchivedMessage(rows.getString("stanza_id"), rows.getString("username"),
                Timestamps.get(rows, "sent_at"), rows.getString("peer"),
                Direction.valueOf(rows.getString("direction")), rows.getString("stanza"));
    }

    /** The WHERE clause of a query's filters (XEP-0313 §4.1) and the binding of its parameters. */
    private record Filter(String sql, ArchiveQuery query) {
        static Filter of(ArchiveQuery q) {
            StringBuilder sql = new StringBuilder("username = ?");
            q.with().ifPresent(w -> sql.append(" AND peer = ?"));
            q.start().ifPresent(s -> sql.append(" AND sent_at >= ?"));
            q.end().ifPresent(e -> sql.append(" AND sent_at <= ?"));
            if (!q.ids().isEmpty()) {
                sql.append(" AND stanza_id IN (").append(Placeholders.of(q.ids().size())).append(')');
            }
            return new Filter(sql.toString(), q);
        }

        /** Binds the filter's parameters; returns the index of the next free parameter. */
        int bind(PreparedStatement s) throws SQLException {
            int i = 1;
            s.setString(i++, query.owner());
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
