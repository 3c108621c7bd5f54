package im.parley.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.storage.ArchiveQuery;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.Direction;
import im.parley.storage.PageRequest;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StartupCompactionTest {
    private static final int OWNERS = 40;
    private static final int COMMITS = 300;
    private static final int ROWS_PER_COMMIT = 10;

    @Test
    void theFileOfAnEmbeddedDatabase() {
        assertThat(fileOf("jdbc:h2:file:/var/lib/parley/parley;WRITE_DELAY=0"))
                .contains(Path.of("/var/lib/parley/parley.mv.db"));
        assertThat(fileOf("jdbc:h2:./data/parley")).contains(Path.of("data/parley.mv.db").toAbsolutePath());
        assertThat(fileOf("jdbc:h2:~/parley")).contains(Path.of(System.getProperty("user.home"), "parley.mv.db"));
    }

    @Test
    void noFileForInMemoryRemoteOrEncryptedDatabases() {
        assertThat(fileOf("jdbc:h2:mem:parley;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(fileOf("jdbc:h2:tcp://db.example.net/parley")).isEmpty();
        assertThat(H2StartupCompaction.fileOf("jdbc:h2:file:/var/lib/parley/parley;CIPHER=AES", "sa", "filekey userpw"))
                .isEmpty();
        assertThat(fileOf("jdbc:postgresql://db.example.net/parley")).isEmpty();
    }

    private static Optional<Path> fileOf(String url) {
        return H2StartupCompaction.fileOf(url, "sa", "");
    }

    @Test
    void aFileMostlyOfReplacedPagesIsCompactedAndKeepsEveryRow(@TempDir Path directory) {
        // Given: an archive written in many small commits, as a quiet server's writer makes them (ADR 007)
        StorageConfig config = StorageConfig.h2(directory);
        String url = SqlDialect.H2.tuneUrl(config.url());
        try (Storage storage = JdbcStorage.open(config)) {
            archiveInSmallCommits(storage);
        }
        Path file = fileOf(url).orElseThrow();
        assertThat(H2StartupCompaction.livePercent(file)).isLessThanOrEqualTo(H2StartupCompaction.MAX_LIVE_PERCENT);

        // When
        Optional<H2StartupCompaction.Compacted> compacted =
                H2StartupCompaction.compactIfMostlyReplaced(url, config.user(), config.password(), 1 << 20);

        // Then: the file shrinks to less than half, every row is still there, and it is not compacted again
        assertThat(compacted).hasValueSatisfying(c -> assertThat(c.bytesAfter()).isLessThan(c.bytesBefore() / 2));
        try (Storage storage = JdbcStorage.open(config)) {
            for (int owner = 0; owner < OWNERS; owner++) {
                var page = storage.archive().query(new ArchiveQuery(owner(owner), Optional.empty(), Optional.empty(),
                        Optional.empty(), List.of(), new PageRequest.Last(10))).orElseThrow();
                assertThat(page.count()).as(owner(owner)).isEqualTo((long) COMMITS * ROWS_PER_COMMIT / OWNERS);
            }
        }
        assertThat(H2StartupCompaction.compactIfMostlyReplaced(url, config.user(), config.password(), 1 << 20))
                .isEmpty();
    }

    @Test
    void aFileBelowTheMinimumIsLeftAlone(@TempDir Path directory) throws Exception {
        StorageConfig config = StorageConfig.h2(directory);
        try (Storage storage = JdbcStorage.open(config)) {
            archiveInSmallCommits(storage);
        }
        String url = SqlDialect.H2.tuneUrl(config.url());
        Path file = fileOf(url).orElseThrow();
        long size = Files.size(file);

        assertThat(H2StartupCompaction.compactIfMostlyReplaced(url, config.user(), config.password(), size + 1))
                .isEmpty();
        assertThat(Files.size(file)).isEqualTo(size);
    }

    private static void archiveInSmallCommits(Storage storage) {
        for (int owner = 0; owner < OWNERS; owner++) {
            storage.users().create(owner(owner), List.of());
        }
        int row = 0;
        for (int commit = 0; commit < COMMITS; commit++) {
            List<ArchivedMessage> rows = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_COMMIT; i++, row++) {
                String owner = owner(row % OWNERS);
                String id = UUID.randomUUID().toString();
                rows.add(new ArchivedMessage(id, owner, Instant.now(), "peer@example.net", Direction.INCOMING,
                        "<message xmlns='jabber:client' id='" + id + "'><body>row " + row + "</body></message>"));
            }
            storage.archive().appendAll(rows);
        }
    }

    private static String owner(int n) {
        return "owner" + n;
    }
}
