package im.parley.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WriteBehindTest {
    /** Records each batch; the first one waits, once started, until the test opens the gate. */
    private static final class GatedCommit implements Consumer<List<String>> {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch oneCommitted = new CountDownLatch(1);
        final CountDownLatch twoCommitted = new CountDownLatch(2);
        volatile boolean failFirst;

        GatedCommit open() {
            gate.countDown();
            return this;
        }

        @Override
        public void accept(List<String> batch) {
            boolean first = firstStarted.getCount() == 1;
            firstStarted.countDown();
            try {
                if (first) {
                    gate.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (first && failFirst) {
                throw new IllegalStateException("database gone");
            }
            batches.add(List.copyOf(batch));
            oneCommitted.countDown();
            twoCommitted.countDown();
        }
    }

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void itemsHandedOverApartWhileItLingersShareOneBatch() throws InterruptedException {
        // Given a writer that lingers an hour
        GatedCommit commit = new GatedCommit().open();
        WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, HOUR, 100, 1000);

        // When items are handed over in three calls some time apart (nothing is committed meanwhile), then it closes
        behind.offer(List.of("a"));
        assertThat(commit.firstStarted.await(200, TimeUnit.MILLISECONDS)).isFalse();
        behind.offer(List.of("b", "c"));
        assertThat(commit.firstStarted.await(200, TimeUnit.MILLISECONDS)).isFalse();
        behind.offer(List.of("d"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), behind::close);

        // Then they were committed together, in order
        assertThat(commit.batches).containsExactly(List.of("a", "b", "c", "d"));
    }

    @Test
    void anIdleWriterWakesForTheNextItem() throws InterruptedException {
        // Given a writer that does not linger, idle after its first commit
        GatedCommit commit = new GatedCommit().open();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, Duration.ZERO, 100, 1000)) {
            behind.offer(List.of("a"));
            behind.awaitWritten();
            assertThat(commit.twoCommitted.await(200, TimeUnit.MILLISECONDS)).isFalse();

            // When another item comes, and nobody waits for it
            behind.offer(List.of("b"));

            // Then it is committed all the same
            assertThat(commit.twoCommitted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(commit.batches).containsExactly(List.of("a"), List.of("b"));
        }
    }

    @Test
    void aBatchFilledByLaterCallsEndsTheLinger() throws InterruptedException {
        // Given a writer that lingers an hour on one item, with batches of three
        GatedCommit commit = new GatedCommit().open();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, HOUR, 3, 1000)) {
            behind.offer(List.of("a"));
            assertThat(commit.firstStarted.await(200, TimeUnit.MILLISECONDS)).isFalse();

            // When later calls fill the batch
            behind.offer(List.of("b", "c"));

            // Then it is committed without the hour's wait
            assertThat(commit.oneCommitted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(commit.batches).containsExactly(List.of("a", "b", "c"));
        }
    }

    @Test
    void aCallerOfAwaitWrittenEndsTheLinger() throws InterruptedException {
        // Given a writer that lingers an hour, and items handed over, lingering
        GatedCommit commit = new GatedCommit().open();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, HOUR, 100, 1000)) {
            behind.offer(List.of("a", "b"));
            assertThat(commit.firstStarted.await(200, TimeUnit.MILLISECONDS)).isFalse();

            // When someone waits for them, they are committed without the hour's wait
            assertTimeoutPreemptively(Duration.ofSeconds(10), behind::awaitWritten);
            assertThat(commit.batches).containsExactly(List.of("a", "b"));
        }
    }

    @Test
    void aFullBatchEndsTheLingerAndNoBatchExceedsIt() throws InterruptedException {
        // Given a writer that lingers an hour, with batches of two
        GatedCommit commit = new GatedCommit().open();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, HOUR, 2, 1000)) {
            // When five items are handed over at once
            behind.offer(List.of("a", "b", "c", "d", "e"));

            // Then two full batches are committed at once, in order; the fifth item lingers until the close
            assertThat(commit.twoCommitted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(commit.batches).containsExactly(List.of("a", "b"), List.of("c", "d"));
        }
        assertThat(commit.batches).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
    }

    @Test
    void itemsHandedOverDuringACommitGoIntoTheNextBatch() throws InterruptedException {
        // Given a writer that does not linger, held inside its first commit
        GatedCommit commit = new GatedCommit();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, Duration.ZERO, 100, 1000)) {
            behind.offer(List.of("a"));
            assertThat(commit.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

            // When more items come during that commit, and it then completes
            behind.offer(List.of("b"));
            behind.offer(List.of("c"));
            commit.open();
            behind.awaitWritten();

            // Then they made the next batch, in order
            assertThat(commit.batches).containsExactly(List.of("a"), List.of("b", "c"));
        }
    }

    @Test
    void awaitWrittenReturnsOnlyOnceEarlierItemsAreCommitted() throws Exception {
        // Given an item whose commit is held
        GatedCommit commit = new GatedCommit();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, Duration.ZERO, 100, 1000)) {
            behind.offer(List.of("a"));
            assertThat(commit.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

            // When someone waits for it
            CompletableFuture<Void> waited = CompletableFuture.runAsync(behind::awaitWritten);

            // Then the wait lasts as long as the commit
            assertThatThrownBy(() -> waited.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(commit.batches).isEmpty();
            commit.open();
            waited.get(10, TimeUnit.SECONDS);
            assertThat(commit.batches).containsExactly(List.of("a"));
        }
    }

    @Test
    void aCallerBlocksWhileTheQueueIsFull() throws Exception {
        // Given a writer held inside its first commit, and as many items queued behind it as it allows
        GatedCommit commit = new GatedCommit();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, Duration.ZERO, 2, 2)) {
            behind.offer(List.of("a"));
            assertThat(commit.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            behind.offer(List.of("b", "c"));

            // When another caller hands over one more
            CompletableFuture<Boolean> offered = CompletableFuture.supplyAsync(() -> behind.offer(List.of("d")));

            // Then it waits until the writer has taken the queue, and nothing is lost or reordered
            assertThatThrownBy(() -> offered.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            commit.open();
            assertThat(offered.get(10, TimeUnit.SECONDS)).isTrue();
            behind.awaitWritten();
            assertThat(commit.batches.stream().flatMap(List::stream)).containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    @Timeout(10) // waiting here would be the bug
    void aCallerThatMayNotWaitAsksForRoomAndIsNeverHeld_adr015() throws Exception {
        // Given a writer held inside its first commit, and as many items queued behind it as it allows
        GatedCommit commit = new GatedCommit();
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, Duration.ZERO, 2, 2)) {
            behind.offer(List.of("a"));
            assertThat(commit.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(behind.hasRoomFor(2)).as("room for two while the queue is empty").isTrue();
            behind.offer(List.of("b", "c"));

            // Then there is no room, and handing over without waiting takes the items all the same, at once
            assertThat(behind.hasRoomFor(1)).isFalse();
            assertThat(behind.offerWithoutWaiting(List.of("d"))).isTrue();
            commit.open();
            behind.awaitWritten();
            assertThat(commit.batches.stream().flatMap(List::stream)).containsExactly("a", "b", "c", "d");
            assertThat(behind.hasRoomFor(2)).isTrue();
        }
    }

    @Test
    void closeCommitsWhatIsQueuedThenRefusesMore() {
        // Given items waiting in a writer that lingers an hour
        GatedCommit commit = new GatedCommit().open();
        WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, HOUR, 100, 1000);
        behind.offer(List.of("a", "b"));

        // When it closes
        assertTimeoutPreemptively(Duration.ofSeconds(10), behind::close);

        // Then they are committed, and later items are refused for the caller to handle
        assertThat(commit.batches).containsExactly(List.of("a", "b"));
        assertThat(behind.offer(List.of("c"))).isFalse();
        assertThat(commit.batches).containsExactly(List.of("a", "b"));
    }

    @Test
    void aWriterStoppedByAnErrorReleasesItsWaitersAndRefusesMore() {
        // Given a commit that fails with an Error
        WriteBehind<String> behind = new WriteBehind<>("test-writer", batch -> {
            throw new AssertionError("out of memory, say");
        }, Duration.ZERO, 100, 1000);
        behind.offer(List.of("a"));

        // When someone waits for it, then it returns; later items are refused for the caller to handle
        assertTimeoutPreemptively(Duration.ofSeconds(10), behind::awaitWritten);
        assertThat(behind.offer(List.of("b"))).isFalse();
        behind.close();
    }

    @Test
    void aCommitThatThrowsDoesNotStopTheWriter() {
        // Given a first commit that fails
        GatedCommit commit = new GatedCommit().open();
        commit.failFirst = true;
        try (WriteBehind<String> behind = new WriteBehind<>("test-writer", commit, Duration.ZERO, 100, 1000)) {
            behind.offer(List.of("a"));
            assertTimeoutPreemptively(Duration.ofSeconds(10), behind::awaitWritten);

            // When more items come
            assertThat(behind.offer(List.of("b"))).isTrue();
            assertTimeoutPreemptively(Duration.ofSeconds(10), behind::awaitWritten);

            // Then they are committed
            assertThat(commit.batches).containsExactly(List.of("b"));
        }
    }
}
