package im.parley.storage.jdbc;

import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.StorageException;
import im.parley.storage.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** While PostgreSQL is away calls fail fast with StorageException; once it is back the same pool serves again. */
class PostgresOutageTest {
    static PostgresCluster cluster;

    @BeforeAll
    static void startPostgres() {
        cluster = PostgresCluster.startOrSkip();
    }

    @AfterAll
    static void stopPostgres() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void poolRecoversWithoutRestartWhenDatabaseReturns() throws Exception {
        // Given: an open storage with an account
        try (Storage storage = JdbcStorage.open(new StorageConfig(cluster.createDatabase("outage"),
                PostgresCluster.USER, "", 4, 100))) {
            storage.users().create("juliet", List.of());
            // When: the database stops
            cluster.stopServer();
            // Then: a call fails with StorageException, within the connection timeout plus slack
            long started = System.nanoTime();
            assertThatThrownBy(() -> storage.users().exists("juliet")).isInstanceOf(StorageException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(JdbcStorage.CONNECTION_TIMEOUT.plusSeconds(5));
            // When: it comes back
            cluster.startServer();
            // Then: the same storage works again, without being reopened
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StorageException.class)
                    .until(() -> storage.users().exists("juliet"));
        }
    }
}
