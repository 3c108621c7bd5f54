package im.parley.storage.jdbc;

import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.testing.PostgresCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-database migrations (db/migration/h2, db/migration/postgresql) run, not only the common ones. */
class VendorMigrationsTest {
    @TempDir
    Path directory;

    @Test
    void h2RunsItsOwnMigrations_archiveSequenceCached() throws SQLException {
        // Given: a fresh H2 storage
        try (Connection c = freshH2()) {
            // When: the schema history and the archive's identity column are read
            List<String> versions = versions(c);
            long cache = single(c, "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'ARCHIVE_MESSAGE' AND COLUMN_NAME = 'SEQ'");

            // Then: V8 from db/migration/h2 ran, and a batch of appends no longer commits the sequence every 32 rows
            assertThat(versions).contains("8").doesNotContain("7.1");
            assertThat(cache).isGreaterThanOrEqualTo(1_000);
        }
    }

    @Test
    void h2KeepsTheOfflineQueueInTwoBTrees() throws SQLException {
        // Given: a fresh H2 storage
        try (Connection c = freshH2()) {
            // When: the indexes of the queue every offline stanza is written to, and the drain's plan, are read
            List<String> indexes = indexes(c, "OFFLINE_MESSAGE");
            String deletePlan = text(c, "EXPLAIN DELETE FROM offline_message WHERE username = 'juliet' AND id <= 7");
            String queueForeignKeyIndex = text(c, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                    + " WHERE TABLE_NAME = 'OFFLINE_MESSAGE' AND CONSTRAINT_TYPE = 'FOREIGN KEY'");

            // Then: V10 ran: the primary key and the foreign key's index on username (its entries carry the id),
            // which the delete after a drain reads (it read offline_message_by_user before)
            assertThat(versions(c)).contains("10");
            assertThat(indexes).hasSize(2).doesNotContain("OFFLINE_MESSAGE_BY_USER");
            assertThat(deletePlan).contains(queueForeignKeyIndex).contains("USERNAME = 'juliet'");
        }
    }

    @Test
    void h2KeepsAnArchivedRowInFiveBTrees() throws SQLException {
        // Given: a fresh H2 storage
        try (Connection c = freshH2()) {
            // When: the archive's indexes and foreign keys are read
            List<String> indexes = indexes(c, "ARCHIVE_MESSAGE");
            long foreignKeys = single(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                    + " WHERE TABLE_NAME = 'ARCHIVE_MESSAGE' AND CONSTRAINT_TYPE = 'FOREIGN KEY'");

            // Then: V11 ran: the primary key, the unique stanza id and the three a query reads; no foreign key and
            // so no index of its own for it (ADR 020)
            assertThat(versions(c)).contains("11");
            assertThat(foreignKeys).isZero();
            assertThat(indexes).hasSize(5).contains("ARCHIVE_MESSAGE_BY_PEER", "ARCHIVE_MESSAGE_BY_OWNER",
                    "ARCHIVE_MESSAGE_BY_TIME");
        }
    }

    @Test
    void postgresqlRunsItsOwnMigrations_queueAutovacuum() throws SQLException {
        // Given: a fresh PostgreSQL storage
        try (PostgresCluster cluster = PostgresCluster.startOrSkip()) {
            String url = cluster.createDatabase("vendor");
            try (Storage storage = JdbcStorage.open(new StorageConfig(url, PostgresCluster.USER, "", 2, 100));
                 Connection c = DriverManager.getConnection(url, PostgresCluster.USER, "")) {
                // When: the schema history is read
                List<String> versions = versions(c);

                // Then: V7_1 from db/migration/postgresql ran
                assertThat(versions).contains("7.1");
            }
        }
    }

    /** A connection to a fresh H2 storage in {@code directory}, its migrations run; the database stays open with it. */
    private Connection freshH2() throws SQLException {
        StorageConfig h2 = StorageConfig.h2(directory);
        try (Storage storage = JdbcStorage.open(h2)) {
            return DriverManager.getConnection(h2.url(), h2.user(), h2.password());
        }
    }

    private static List<String> indexes(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = c.createStatement().executeQuery(
                "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = '" + table + "'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String text(Connection c, String query) throws SQLException {
        try (ResultSet rows = c.createStatement().executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getString(1);
        }
    }

    private static List<String> versions(Connection c) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (ResultSet rows = c.createStatement().executeQuery("SELECT \"version\" FROM \"flyway_schema_history\"")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        }
        return versions;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
