package im.parley.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.parley.storage.ArchivedMessage;
import im.parley.storage.Direction;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On H2 no foreign key keeps an archive row from outliving its account (ADR 020): an account's deletion and an
 * archive batch for it lock the account's row, so whichever comes second waits, and no row is left behind.
 */
class ArchiveOwnerLockTest {
    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

    @TempDir
    Path directory;
    private StorageConfig config;
    private String url;
    private Storage storage;

    @BeforeEach
    void open() {
        config = StorageConfig.h2(directory);
        url = SqlDialect.H2.tuneUrl(config.url());
        storage = JdbcStorage.open(config);
        storage.users().create("romeo", List.of());
        storage.users().create("juliet", List.of());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aBatchForAnAccountBeingDeletedWaitsThenLeavesItsRowOut() throws Exception {
        try (Connection deletion = DriverManager.getConnection(url, config.user(), config.password())) {
            // Given: romeo's deletion holds his account's row, as JdbcUserStore.delete does first
            deletion.setAutoCommit(false);
            long romeo = lockedId(deletion, "romeo");

            // When: a batch with a row for romeo and one for juliet is written meanwhile, and the deletion then ends
            ArchivedMessage toRomeo = row("romeo", Direction.INCOMING);
            ArchivedMessage fromJuliet = row("juliet", Direction.OUTGOING);
            CompletableFuture<Void> batch =
                    CompletableFuture.runAsync(() -> storage.archive().appendAll(List.of(toRomeo, fromJuliet)));
            awaitBlockedBy(deletion);
            update(deletion, "DELETE FROM archive_message WHERE owner_id = ?", romeo);
            update(deletion, "DELETE FROM users WHERE id = ?", romeo);
            deletion.commit();
            batch.get();

            // Then: juliet's row is stored; romeo's is not, under his old id or any other
            assertThat(storage.archive().find("juliet", toRomeo.id())).contains(fromJuliet);
            assertThat(rowsOf(romeo)).isZero();
        }
    }

    @Test
    void aDeletionDuringABatchWaitsThenDeletesItsRowsToo() throws Exception {
        try (Connection writer = DriverManager.getConnection(url, config.user(), config.password())) {
            // Given: a batch holds romeo's account row and has written a row for him, not yet committed
            writer.setAutoCommit(false);
            long romeo = lockedId(writer, "romeo");
            try (PreparedStatement s = writer.prepareStatement("INSERT INTO archive_message"
                    + " (owner_id, stanza_id, sent_at, peer, direction, stanza) VALUES (?, 'w1', ?, 'juliet@x', 'INCOMING', '<m/>')")) {
                s.setLong(1, romeo);
                Timestamps.set(s, 2, T0);
                s.executeUpdate();
            }

            // When: romeo's account is deleted meanwhile, and the batch then commits
            CompletableFuture<Boolean> deletion = CompletableFuture.supplyAsync(() -> storage.users().delete("romeo"));
            awaitBlockedBy(writer);
            writer.commit();

            // Then: the deletion went ahead after the batch and took the batch's row with it
            assertThat(deletion.get()).isTrue();
            assertThat(rowsOf(romeo)).isZero();
        }
    }

    private static long lockedId(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE username = ? FOR UPDATE")) {
            s.setString(1, username);
            try (ResultSet row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getLong(1);
            }
        }
    }

    /** Waits until another session waits for a lock that {@code holder} holds (H2's SESSIONS.BLOCKER_ID). */
    private void awaitBlockedBy(Connection holder) throws SQLException {
        long holderId;
        try (ResultSet row = holder.createStatement().executeQuery("SELECT SESSION_ID()")) {
            row.next();
            holderId = row.getLong(1);
        }
        try (Connection observer = DriverManager.getConnection(url, config.user(), config.password())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (PreparedStatement s = observer.prepareStatement(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = ?")) {
                    s.setLong(1, holderId);
                    try (ResultSet row = s.executeQuery()) {
                        row.next();
                        return row.getLong(1) > 0;
                    }
                }
            });
        }
    }

    private static void update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    private long rowsOf(long ownerId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, config.user(), config.password());
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM archive_message WHERE owner_id = ?")) {
            s.setLong(1, ownerId);
            try (ResultSet row = s.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static ArchivedMessage row(String owner, Direction direction) {
        return new ArchivedMessage("m1", owner, T0, owner.equals("romeo") ? "juliet@capulet.lit" : "romeo@montague.lit",
                direction, "<message xmlns='jabber:client'><body>hi</body></message>");
    }
}
