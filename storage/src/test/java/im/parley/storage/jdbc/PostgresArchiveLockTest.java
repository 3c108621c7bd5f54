package im.parley.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.parley.storage.ArchivedMessage;
import im.parley.storage.Direction;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive's writer locks the accounts it writes for only against their deletion (ADR 020): on PostgreSQL it must
 * not wait for the offline store, which locks the same accounts to update their queue counters. With FOR UPDATE it
 * did, and the two deadlocked under an offline burst.
 */
class PostgresArchiveLockTest {
    static PostgresCluster cluster;
    static String url;

    @BeforeAll
    static void start() {
        cluster = PostgresCluster.startOrSkip();
        url = cluster.createDatabase("archivelock");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void archivingForAnAccountDoesNotWaitForItsOfflineQueuesCounterLock() throws Exception {
        try (Storage storage = open(); Connection offlineStore = connect()) {
            storage.users().create("juliet", List.of());
            ArchivedMessage toJuliet = new ArchivedMessage("m1", "juliet", Instant.parse("2026-11-26T14:00:00Z"),
                    "romeo@example.com", Direction.INCOMING, "<message/>");

            // Given: the offline store holds juliet's account row while it stores a stanza for her
            holdAccountRow(offlineStore, "juliet", SqlDialect.POSTGRESQL.lockForCounterUpdate());

            // When: a message to her is archived meanwhile
            CompletableFuture<Void> archived =
                    CompletableFuture.runAsync(() -> storage.archive().appendAll(List.of(toJuliet)));

            // Then: it is committed without waiting for the offline store's transaction to end
            archived.get(10, TimeUnit.SECONDS);
            assertThat(storage.archive().find("juliet", "m1")).contains(toJuliet);
            offlineStore.rollback();
        }
    }

    @Test
    void anAccountsDeletionWaitsForABatchHoldingItsRow_adr020() throws Exception {
        try (Storage storage = open(); Connection writer = connect()) {
            storage.users().create("romeo", List.of());

            // Given: a batch holds romeo's account row with the writer's lock
            holdAccountRow(writer, "romeo", SqlDialect.POSTGRESQL.lockAgainstDeletion());

            // When: romeo's account is deleted meanwhile
            CompletableFuture<Boolean> deletion = CompletableFuture.supplyAsync(() -> storage.users().delete("romeo"));

            // Then: the deletion waits for the batch, and goes ahead once it commits
            await().atMost(Duration.ofSeconds(10)).until(PostgresArchiveLockTest::someoneWaitsForALock);
            assertThat(deletion).isNotDone();
            writer.commit();
            assertThat(deletion.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Storage open() {
        return JdbcStorage.open(new StorageConfig(url, PostgresCluster.USER, "", 2, 1_000));
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, PostgresCluster.USER, "");
    }

    /** Begins a transaction on {@code c} that holds {@code username}'s account row with {@code lock} until it ends. */
    private static void holdAccountRow(Connection c, String username, String lock) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE username = ? " + lock)) {
            s.setString(1, username);
            s.executeQuery().close();
        }
    }

    private static boolean someoneWaitsForALock() throws SQLException {
        try (Connection c = connect();
             ResultSet row = c.createStatement().executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            row.next();
            return row.getLong(1) > 0;
        }
    }
}
