package im.parley.ext.offline;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.storage.OfflineEntry;
import im.parley.storage.OfflineMessage;
import im.parley.storage.OfflineQueue;
import im.parley.storage.OfflineStoreResult;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
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

    /**
     * The real queue, except that each batch of removals waits for a permit, so a test sees the moments between a
     * hand-over and its commit; every batch is recorded.
     */
    private static final class GatedQueue implements OfflineQueue {
        final OfflineQueue real;
        final Semaphore entered = new Semaphore(0);
        final Semaphore permits = new Semaphore(0);
        final List<Map<String, Long>> batches = new CopyOnWriteArrayList<>();

        GatedQueue(OfflineQueue real) {
            this.real = real;
        }

        @Override
        public int removeThroughAll(Map<String, Long> throughIds) {
            batches.add(Map.copyOf(throughIds));
            entered.release();
            permits.acquireUninterruptibly();
            return real.removeThroughAll(throughIds);
        }

        @Override
        public OfflineStoreResult store(OfflineEntry entry) {
            return real.store(entry);
        }

        @Override
        public List<OfflineStoreResult> storeAll(List<OfflineEntry> entries) {
            return real.storeAll(entries);
        }

        @Override
        public List<OfflineMessage> fetch(String username) {
            return real.fetch(username);
        }

        @Override
        public int removeThrough(String username, long throughId) {
            return real.removeThrough(username, throughId);
        }

        @Override
        public int remove(String username, Collection<Long> ids) {
            return real.remove(username, ids);
        }

        @Override
        public int count(String username) {
            return real.count(username);
        }

        @Override
        public int limit() {
            return real.limit();
        }
    }

    @Test
    void handsOverAtOnceAndDeletesBehind() {
        // Given
        List<OfflineMessage> juliet = queue("juliet", 3);
        GatedQueue gated = new GatedQueue(storage.offline());
        DeliveredRemovals removals = new DeliveredRemovals(gated, Duration.ZERO, 512);

        // When the first two were delivered, and the writer has taken them up but not committed yet
        removals.remove("juliet", juliet.get(1).id());
        gated.entered.acquireUninterruptibly();

        // Then a delivery learns it at once though the rows are still there
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(juliet.get(1).id());
        assertThat(storage.offline().fetch("juliet")).hasSize(3);

        // and once written, the rows are gone and nothing is awaiting removal
        gated.permits.release();
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
        GatedQueue gated = new GatedQueue(storage.offline());
        gated.permits.release(Integer.MAX_VALUE / 2);
        DeliveredRemovals removals = new DeliveredRemovals(gated, Duration.ofHours(1), 512);

        // When juliet is handed four, then (a late, stale call) two, and romeo his first
        removals.remove("juliet", juliet.get(3).id());
        removals.remove("juliet", juliet.get(1).id());
        removals.remove("romeo", romeo.get(0).id());

        // Then nothing is deleted yet, the deliveries know the highest ids
        assertThat(storage.offline().fetch("juliet")).hasSize(4);
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(juliet.get(3).id());
        assertThat(removals.handedOverThrough("romeo")).isEqualTo(romeo.get(0).id());

        // and closing writes them all in one transaction
        removals.close();
        assertThat(gated.batches).containsExactly(Map.of("juliet", juliet.get(3).id(), "romeo", romeo.get(0).id()));
        assertThat(storage.offline().fetch("juliet")).isEmpty();
        assertThat(storage.offline().fetch("romeo")).containsExactly(romeo.get(1));
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(DeliveredRemovals.NONE);
    }

    @Test
    void aLaterHandOverDuringACommitStaysKnownUntilItsOwnCommit() {
        // Given juliet's first delivery being committed
        List<OfflineMessage> juliet = queue("juliet", 3);
        GatedQueue gated = new GatedQueue(storage.offline());
        DeliveredRemovals removals = new DeliveredRemovals(gated, Duration.ZERO, 512);
        removals.remove("juliet", juliet.get(0).id());
        gated.entered.acquireUninterruptibly();

        // When a second session is handed the rest meanwhile, and the first commit completes
        removals.remove("juliet", juliet.get(2).id());
        gated.permits.release();
        gated.entered.acquireUninterruptibly(); // the writer has finished the first batch and taken up the second

        // Then the first commit did not forget the second hand-over: a third delivery still skips those rows
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(juliet.get(2).id());
        assertThat(storage.offline().fetch("juliet")).containsExactly(juliet.get(1), juliet.get(2));
        gated.permits.release();
        removals.awaitRemoved();
        assertThat(storage.offline().fetch("juliet")).isEmpty();
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(DeliveredRemovals.NONE);
        removals.close();
    }

    @Test
    void removeNowDeletesWhatTheAccountAwaitsBeforeReturning() {
        // Given a hand-over the writer holds
        List<OfflineMessage> juliet = queue("juliet", 2);
        DeliveredRemovals removals = new DeliveredRemovals(storage.offline(), Duration.ofHours(1), 512);
        removals.remove("juliet", juliet.getFirst().id());

        // When the account's session ends
        removals.removeNow("juliet");

        // Then the row is gone and no longer counted, before anything is stored again
        assertThat(storage.offline().fetch("juliet")).containsExactly(juliet.getLast());
        assertThat(storage.offline().count("juliet")).isEqualTo(1);
        assertThat(removals.handedOverThrough("juliet")).isEqualTo(DeliveredRemovals.NONE);
        removals.close();
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
