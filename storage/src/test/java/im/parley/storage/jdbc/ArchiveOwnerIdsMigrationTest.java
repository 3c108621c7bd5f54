package im.parley.storage.jdbc;

import im.parley.storage.ArchiveQuery;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.Direction;
import im.parley.storage.PageRequest;
import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.testing.PostgresCluster;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** V9 re-keys an archive written under V4 by account id: every row stays its owner's, in its order. */
class ArchiveOwnerIdsMigrationTest {
    private static final ScramCredential CREDENTIAL =
            new ScramCredential(ScramHash.SHA_256, new byte[] {1}, 4096, new byte[32], new byte[32]);

    @TempDir
    Path directory;

    @Test
    void h2ArchiveKeepsItsRowsAndOwners() throws SQLException {
        StorageConfig h2 = StorageConfig.h2(directory);
        migrateAndFill(h2, "8");
        assertMigratedArchive(h2);
    }

    @Test
    void postgresqlArchiveKeepsItsRowsAndOwners() throws SQLException {
        try (PostgresCluster cluster = PostgresCluster.startOrSkip()) {
            StorageConfig pg = new StorageConfig(cluster.createDatabase("owner_ids"), PostgresCluster.USER, "", 2, 100);
            migrateAndFill(pg, "7.1");
            assertMigratedArchive(pg);
        }
    }

    /** The schema before V9, with two accounts and their archives written the way V4 keyed them. */
    private static void migrateAndFill(StorageConfig config, String lastVersionBefore9) throws SQLException {
        Flyway.configure().dataSource(config.url(), config.user(), config.password())
                .locations(SqlDialect.fromUrl(config.url()).migrationLocations().toArray(String[]::new))
                .target(lastVersionBefore9).load().migrate();
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (username) VALUES ('romeo'), ('juliet')");
            s.execute("INSERT INTO archive_message (username, stanza_id, sent_at, peer, direction, stanza) VALUES"
                    + " ('juliet', 'j1', TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00+00', 'romeo@montague.lit', 'INCOMING', '<m1/>'),"
                    + " ('romeo', 'j1', TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00+00', 'juliet@capulet.lit', 'OUTGOING', '<m1/>'),"
                    + " ('juliet', 'j2', TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:01+00', 'romeo@montague.lit', 'OUTGOING', '<m2/>')");
        }
    }

    private static void assertMigratedArchive(StorageConfig config) {
        try (Storage storage = JdbcStorage.open(config)) {
            // Then: each archive holds what it held, in order, found by id
            assertThat(ids(storage, "juliet")).containsExactly("j1", "j2");
            assertThat(ids(storage, "romeo")).containsExactly("j1");
            assertThat(storage.archive().find("romeo", "j1").orElseThrow().direction()).isEqualTo(Direction.OUTGOING);
            assertThat(storage.archive().query(ArchiveQuery.all("juliet", PageRequest.after("j1", 10))).orElseThrow()
                    .messages()).extracting(ArchivedMessage::stanza).containsExactly("<m2/>");

            // and new accounts are numbered after the migrated ones, deleting an account still removes its archive
            assertThat(storage.users().create("nurse", List.of(CREDENTIAL))).isTrue();
            storage.archive().append(new ArchivedMessage("n1", "nurse", java.time.Instant.now(), "juliet@capulet.lit",
                    Direction.OUTGOING, "<m3/>"));
            assertThat(storage.users().delete("juliet")).isTrue();
            assertThat(ids(storage, "juliet")).isEmpty();
            assertThat(ids(storage, "romeo")).containsExactly("j1");
            assertThat(ids(storage, "nurse")).containsExactly("n1");
        }
    }

    private static List<String> ids(Storage storage, String owner) {
        return storage.archive().query(ArchiveQuery.all(owner, PageRequest.first(10))).orElseThrow().messages()
                .stream().map(ArchivedMessage::id).toList();
    }
}
