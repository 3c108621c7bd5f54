package im.parley.storage.jdbc;

import im.parley.storage.OfflineEntry;
import im.parley.storage.OfflineMessage;
import im.parley.storage.OfflineStoreResult;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storage-level half of "no acknowledged data lost": a child JVM stores offline stanzas and prints each one once
 * store() returned; it is SIGKILLed mid-stream, and every printed stanza must be in the reopened H2 database.
 */
class H2DurabilityTest {
    @Test
    void committedStanzasSurviveSigkill(@TempDir Path directory) throws Exception {
        // Given: a child process storing stanzas as fast as it can
        StorageConfig config = StorageConfig.h2(directory);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), config.url()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 2000 && (line = out.readLine()) != null) {
                if (line.startsWith("stored ")) {
                    acknowledged.add(line.substring(7));
                }
            }
            // When: it is killed with SIGKILL while still writing
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // Then: every stanza acknowledged before the kill is in the database
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2000);
        try (Storage storage = JdbcStorage.open(config)) {
            List<String> stored = storage.offline().fetch("juliet").stream().map(OfflineMessage::stanza).toList();
            assertThat(stored).containsAll(acknowledged);
        }
    }

    /** The child: stores one stanza at a time and reports each committed one on stdout. */
    public static final class Writer {
        public static void main(String[] args) {
            StorageConfig h2 = new StorageConfig(args[0], "sa", "", 4, 1_000_000);
            Storage storage = JdbcStorage.open(h2);
            storage.users().create("juliet", List.of());
            for (int i = 0; ; i++) {
                String stanza = "<message id='m" + i + "'/>";
                if (storage.offline().store(new OfflineEntry("juliet", "romeo@montague.lit", Instant.now(), stanza))
                        == OfflineStoreResult.STORED) {
                    System.out.println("stored " + stanza);
                    System.out.flush();
                }
            }
        }
    }
}
