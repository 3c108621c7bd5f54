package im.parley.storage.jdbc;

import im.parley.storage.ArchiveQuery;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.DeviceKeys;
import im.parley.storage.Direction;
import im.parley.storage.OfflineEntry;
import im.parley.storage.PageRequest;
import im.parley.storage.PepItem;
import im.parley.storage.PepNode;
import im.parley.storage.PreKey;
import im.parley.storage.RosterItem;
import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.StorageException;
import im.parley.storage.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The documented H2 → PostgreSQL switch: StorageCopy moves every table. */
class StorageCopyTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");
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
    void copiesEveryTableFromH2ToPostgres(@TempDir Path h2Directory) {
        // Given: an H2 database with something in every table
        StorageConfig h2 = StorageConfig.h2(h2Directory);
        ScramCredential credential = new ScramCredential(ScramHash.SHA_256, new byte[] {1}, 4096, new byte[32], new byte[32]);
        try (Storage s = JdbcStorage.open(h2)) {
            s.users().create("juliet", List.of(credential));
            s.rosters().put("juliet", RosterItem.of("romeo@montague.lit").withGroups(List.of("Friends")));
            s.offline().store(new OfflineEntry("juliet", "romeo@montague.lit/a", T0, "<message id='o1'/>"));
            s.archive().append(new ArchivedMessage("a1", "juliet", T0, "romeo@montague.lit", Direction.INCOMING, "<message/>"));
            s.pep().putNode("juliet", new PepNode("urn:xmpp:avatar:data", Map.of("pubsub#max_items", "1")));
            s.pep().publish("juliet", "urn:xmpp:avatar:data", new PepItem("i1", "juliet@capulet.lit", T0, "<data/>"), 1);
            s.pep().subscribe(new im.parley.storage.PepSubscription("juliet", "urn:xmpp:avatar:data", "romeo@montague.lit",
                    im.parley.storage.PepSubscription.State.SUBSCRIBED));
            s.preKeys().putDevice("juliet", new DeviceKeys(1, new byte[] {1}, 1, new byte[] {2}, new byte[] {3}));
            s.preKeys().addPreKeys("juliet", 1, List.of(new PreKey(5, new byte[] {5})));
            s.lastActivity().put("juliet", new im.parley.storage.LastActivity(T0, "away"));
            s.blockLists().block("juliet", List.of("tybalt@capulet.lit"));
            s.vcards().put("juliet", "<vCard xmlns='vcard-temp'/>");
            s.privateXml().put("juliet", "storage", "storage:bookmarks", "<storage xmlns='storage:bookmarks'/>");
        }
        StorageConfig pg = new StorageConfig(cluster.createDatabase("copy_target"), PostgresCluster.USER, "", 4, 10_000);

        // When
        Map<String, Long> copied = new StorageCopy(h2, pg).run();

        // Then: every table had a row and arrived; the data reads back the same through the stores
        assertThat(copied).containsOnlyKeys(StorageCopy.TABLES.keySet());
        assertThat(copied).allSatisfy((table, rows) -> assertThat(rows).as(table).isEqualTo(1));
        try (Storage s = JdbcStorage.open(pg)) {
            assertThat(s.credentials().find("juliet", ScramHash.SHA_256)).contains(credential);
            assertThat(s.rosters().roster("juliet").version()).isEqualTo(1);
            assertThat(s.rosters().roster("juliet").items().getFirst().groups()).containsExactly("Friends");
            assertThat(s.offline().fetch("juliet").getFirst().stamp()).isEqualTo(T0);
            assertThat(s.archive().find("juliet", "a1").orElseThrow().timestamp()).isEqualTo(T0);
            assertThat(s.preKeys().claim("juliet", 1)).contains(new PreKey(5, new byte[] {5}));
            assertThat(s.privateXml().find("juliet", "storage", "storage:bookmarks")).isPresent();
            // identity columns continue after the copied rows
            s.archive().append(new ArchivedMessage("a2", "juliet", T0.plusSeconds(1), "romeo@montague.lit",
                    Direction.OUTGOING, "<message/>"));
            assertThat(s.archive().query(ArchiveQuery.all("juliet", PageRequest.first(5))).orElseThrow().messages())
                    .extracting(ArchivedMessage::id).containsExactly("a1", "a2");
            s.offline().store(new OfflineEntry("juliet", "x@y.lit", T0, "<message id='o2'/>"));
            assertThat(s.offline().fetch("juliet")).hasSize(2);
            assertThat(s.users().create("romeo", List.of(credential))).isTrue();
            s.archive().append(new ArchivedMessage("a1", "romeo", T0, "juliet@capulet.lit", Direction.OUTGOING, "<m/>"));
            assertThat(s.archive().find("romeo", "a1")).isPresent();
            assertThat(s.archive().find("juliet", "a1").orElseThrow().stanza()).isEqualTo("<message/>");
        }
        // and a second copy into the now filled database is refused
        assertThatThrownBy(() -> new StorageCopy(h2, pg).run()).isInstanceOf(StorageException.class)
                .hasMessageContaining("already holds");
    }

    @Test
    void knowsEveryTableTheMigrationsCreate(@TempDir Path h2Directory) throws Exception {
        // Given: a freshly migrated database
        StorageConfig h2 = StorageConfig.h2(h2Directory);
        JdbcStorage.open(h2).close();
        // When
        try (Connection c = DriverManager.getConnection(h2.url(), h2.user(), h2.password())) {
            // Then: a table added by a future migration must be added to StorageCopy.TABLES too
            assertThat(StorageCopy.tablesIn(c)).containsExactlyInAnyOrderElementsOf(
                    concat(StorageCopy.TABLES.keySet(), "flyway_schema_history"));
        }
    }

    private static List<String> concat(java.util.Collection<String> tables, String extra) {
        List<String> all = new java.util.ArrayList<>(tables);
        all.add(extra);
        return all;
    }
}
