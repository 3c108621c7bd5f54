package im.parley.storage.jdbc;

import im.parley.storage.OfflineEntry;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The offline queue is empty between bursts. A statement PostgreSQL planned then, and cached for the connection,
 * must not be what reads a full queue later: one whole-table scan per login made a drain of 10,000 stanzas read
 * 836 pages per account.
 */
class PostgresQueuePlanTest {
    private static final int ACCOUNTS = 100;
    private static final int EMPTY_READS = 20;

    static PostgresCluster cluster;
    static String url;

    @BeforeAll
    static void start() {
        cluster = PostgresCluster.startOrSkip();
        url = cluster.createDatabase("queueplan");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void drainAfterAnEmptyQueueReadsAndDeletesEachAccountThroughTheIndex() throws SQLException {
        // Given accounts with empty queues, and statistics that say the queue table is empty (as after a vacuum)
        List<String> users = IntStream.range(0, ACCOUNTS).mapToObj(i -> "juliet" + i).toList();
        try (Storage setup = open()) {
            users.forEach(u -> setup.users().create(u, List.of()));
        }
        sql("VACUUM ANALYZE offline_message", "ALTER TABLE offline_message SET (autovacuum_enabled = false)");
        try (Storage storage = open()) { // this thread gets the pool's same connection, and its statement cache
            // When the queue is read while empty (enough times for a cached plan), then filled, then drained
            for (int i = 0; i < EMPTY_READS; i++) {
                assertThat(storage.offline().fetch(users.get(i))).isEmpty();
            }
            List<OfflineEntry> burst = new ArrayList<>();
            for (String user : users) {
                for (int n = 0; n < 20; n++) {
                    burst.add(new OfflineEntry(user, "romeo@example.net/orchard", Instant.now(),
                            "<message id='m" + n + "'><body>" + "x".repeat(400) + "</body></message>"));
                }
            }
            storage.offline().storeAll(burst);
            for (String user : users) {
                var queue = storage.offline().fetch(user);
                assertThat(queue).hasSize(20);
                assertThat(storage.offline().removeThrough(user, queue.getLast().id())).isEqualTo(20);
            }
        } // closing the connection sends its table statistics
        // Then every read of a full queue, and every delete after it, went through the index
        long[] scans = await().atMost(Duration.ofSeconds(30))
                .until(PostgresQueuePlanTest::scans, s -> s[0] + s[1] >= EMPTY_READS + 2 * ACCOUNTS);
        assertThat(scans[1]).as("index scans of offline_message").isGreaterThanOrEqualTo(2 * ACCOUNTS);
        // (the empty reads, and the schema migration's own, may scan it whole: nothing like one per account)
        assertThat(scans[0]).as("whole-table scans of offline_message").isLessThan(EMPTY_READS + ACCOUNTS / 4);
    }

    private static Storage open() {
        return JdbcStorage.open(new StorageConfig(url, PostgresCluster.USER, "", 2, 1_000));
    }

    /** seq_scan and idx_scan of offline_message, as the statistics collector has them. */
    private static long[] scans() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PostgresCluster.USER, "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_user_tables"
                     + " WHERE relname = 'offline_message'")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PostgresCluster.USER, "");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
