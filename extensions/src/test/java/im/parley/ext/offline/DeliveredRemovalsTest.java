package im.parley.ext.offline;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.storage.OfflineEntry;
import im.parley.storage.OfflineMessage;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveredRemovalsTest {
    @TempDir
    Path dataDirectory;

    private Storage storage;

    @BeforeEach
    void open() {
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        storage.users().create("juliet", List.of());
        storage.users().create("romeo", List.of());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private List<OfflineMessage> queue(String user, int messages) {
        storage.offline().storeAll(IntStream.rangeClosed(1, messages).mapToObj(n -> new OfflineEntry(user,
                "nurse@capulet.lit/garden", Instant.EPOCH, "<message><body>" + n + "</body></message>")).toList());
        return storage.offline().fetch(user);
    }

    @Test
    void handsOverAtOnceAndDeletesBehind() {
        // Given
        List<OfflineMessage> juliet = queue("juliet", 3);
        DeliveredRemovals removals = new DeliveredRemovals(storage.offline(), Duration.ZERO, 512);

        // When the first two were delivered
        removals.remove("juliet", juliet.get(1).id());

        // Then a delivery learns it at once; once written, the rows are gone and nothing is awaiting removal
        assertThat(removals.handedOverThrough("juliet")).isGreaterThanOrEqualTo(juliet.get(1).id());
        removals.awaitRemoved();
        assertThat(storage.offline().fetch("juliet")).containsExactly(juliet.get(2));
        assertThat(storage.offline().count("juliet")).isEqualTo(1);
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(DeliveredRemovals.NONE);
        removals.close();
    }

    @Test
    void removalsThatGatherShareOneTransactionAndKeepTheHighestId() {
        // Given two accounts' queues and a writer that lingers until it is closed
        List<OfflineMessage> juliet = queue("juliet", 4);
        List<OfflineMessage> romeo = queue("romeo", 2);
        DeliveredRemovals removals = new DeliveredRemovals(storage.offline(), Duration.ofHours(1), 512);

        // When juliet is handed two, then two more, and romeo his first
        removals.remove("juliet", juliet.get(1).id());
        removals.remove("juliet", juliet.get(3).id());
        removals.remove("romeo", romeo.get(0).id());

        // Then nothing is deleted yet, the deliveries know the highest ids, and closing writes them all
        assertThat(storage.offline().fetch("juliet")).hasSize(4);
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(juliet.get(3).id());
        assertThat(removals.handedOverThrough("romeo")).isEqualTo(romeo.get(0).id());
        removals.close();
        assertThat(storage.offline().fetch("juliet")).isEmpty();
        assertThat(storage.offline().fetch("romeo")).containsExactly(romeo.get(1));
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(DeliveredRemovals.NONE);
    }

    @Test
    void afterCloseARemovalIsWrittenByItsCaller() {
        // Given a closed writer
        List<OfflineMessage> juliet = queue("juliet", 2);
        DeliveredRemovals removals = new DeliveredRemovals(storage.offline(), Duration.ZERO, 512);
        removals.close();

        // When a late delivery hands its queue over
        removals.remove("juliet", juliet.getLast().id());

        // Then it is deleted before the call returns
        assertThat(storage.offline().fetch("juliet")).isEmpty();
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(DeliveredRemovals.NONE);
    }

    @Test
    void aFailedDeleteForgetsTheHandOverSoTheMessagesAreDeliveredAgainNotLost() {
        // Given a queue, and the database gone before the writer deletes it
        List<OfflineMessage> juliet = queue("juliet", 2);
        DeliveredRemovals removals = new DeliveredRemovals(storage.offline(), Duration.ofHours(1), 512);
        removals.remove("juliet", juliet.getLast().id());
        storage.close();

        // When the writer tries
        removals.close();

        // Then the hand-over is forgotten: the next login reads the queue as the database still has it
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(DeliveredRemovals.NONE);
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        assertThat(storage.offline().fetch("juliet")).isEqualTo(juliet);
    }
}
