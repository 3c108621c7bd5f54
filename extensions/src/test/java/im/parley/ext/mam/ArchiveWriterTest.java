package im.parley.ext.mam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import im.parley.storage.ArchivePage;
import im.parley.storage.ArchiveQuery;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.Direction;
import im.parley.storage.MessageArchive;
import im.parley.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArchiveWriterTest {
    /** An archive that records each transaction; the first one waits until the test lets it commit. */
    private static final class RecordingArchive implements MessageArchive {
        final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
        final List<List<String>> owners = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstMayCommit = new CountDownLatch(1);
        final CountDownLatch firstStarted = new CountDownLatch(1);
        volatile boolean unreachable;

        @Override
        public void append(ArchivedMessage message) {
            appendAll(List.of(message));
        }

        @Override
        public void appendAll(List<ArchivedMessage> messages) {
            boolean first = transactions.isEmpty();
            if (first) {
                firstStarted.countDown();
                try {
                    firstMayCommit.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (unreachable) {
                transactions.add(List.of("failed:" + messages.size()));
                throw new StorageException("no connection", new java.sql.SQLTransientConnectionException("timeout"));
            }
            if (messages.stream().anyMatch(m -> m.id().equals("bad"))) {
                transactions.add(List.of("failed:" + messages.size()));
                throw new StorageException("duplicate stanza id");
            }
            transactions.add(messages.stream().map(ArchivedMessage::id).toList());
            owners.add(messages.stream().map(ArchivedMessage::owner).toList());
        }

        List<String> committedIds() {
            return transactions.stream().flatMap(List::stream).filter(id -> !id.startsWith("failed:")).toList();
        }

        @Override
        public Optional<ArchivePage> query(ArchiveQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ArchivedMessage> find(String owner, String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int removeOlderThan(String owner, Instant before) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int removeAll(String owner) {
            throw new UnsupportedOperationException();
        }
    }

    private static ArchivedMessage row(String id) {
        return row(id, "juliet");
    }

    private static ArchivedMessage row(String id, String owner) {
        return new ArchivedMessage(id, owner, Instant.parse("2010-07-10T23:08:25Z"), "romeo@capulet.lit",
                Direction.INCOMING, "<message/>");
    }

    @Test
    void aBatchIsWrittenOwnerByOwnerEachOwnersRowsInOrder_adr021() {
        // Given a writer that takes up to 100 rows at once and commits at most three per transaction
        RecordingArchive archive = new RecordingArchive();
        archive.firstMayCommit.countDown();
        try (ArchiveWriter writer = new ArchiveWriter(archive, 100, 3, 1000, Duration.ofHours(1))) {
            // When a conversation's rows arrive interleaved, as routing hands them over
            writer.write(List.of(row("1", "romeo"), row("1", "juliet")));
            writer.write(List.of(row("2", "juliet"), row("2", "romeo")));
            writer.write(List.of(row("3", "romeo"), row("3", "juliet"), row("4", "nurse")));
            writer.awaitWritten();

            // Then each transaction holds few owners, and each owner's rows keep the order they were handed over in
            assertThat(archive.transactions).containsExactly(List.of("1", "2", "3"), List.of("4", "1", "2"),
                    List.of("3"));
            assertThat(archive.owners).containsExactly(List.of("juliet", "juliet", "juliet"),
                    List.of("nurse", "romeo", "romeo"), List.of("romeo"));
        }
    }

    @Test
    void rowsHandedOverApartWhileItLingersShareOneTransaction() throws InterruptedException {
        // Given a writer that lingers an hour
        RecordingArchive archive = new RecordingArchive();
        archive.firstMayCommit.countDown();
        ArchiveWriter writer = new ArchiveWriter(archive, 100, 100, 1000, Duration.ofHours(1));

        // When rows are handed over in three calls some time apart (nothing is written meanwhile), then the server stops
        writer.write(List.of(row("a")));
        assertThat(archive.firstStarted.await(200, TimeUnit.MILLISECONDS)).isFalse();
        writer.write(List.of(row("b")));
        assertThat(archive.firstStarted.await(200, TimeUnit.MILLISECONDS)).isFalse();
        writer.write(List.of(row("c")));
        writer.close();

        // Then they were written together, in order
        assertThat(archive.transactions).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void awaitingTheWrittenRowsEndsTheLinger_xep0198_4() {
        // Given a writer that lingers an hour, and rows handed over
        RecordingArchive archive = new RecordingArchive();
        archive.firstMayCommit.countDown();
        try (ArchiveWriter writer = new ArchiveWriter(archive, 100, 100, 1000, Duration.ofHours(1))) {
            writer.write(List.of(row("a"), row("b")));

            // When an acknowledgement (or a MAM query) waits for them, they are written without the hour's wait
            assertTimeoutPreemptively(Duration.ofSeconds(10), writer::awaitWritten);
            assertThat(archive.committedIds()).containsExactly("a", "b");
        }
    }

    @Test
    void aFullBatchEndsTheLinger() throws InterruptedException {
        // Given a writer with batches of two that lingers an hour
        RecordingArchive archive = new RecordingArchive();
        try (ArchiveWriter writer = new ArchiveWriter(archive, 2, 2, 1000, Duration.ofHours(1))) {
            // When one row is handed over, and later two more
            writer.write(List.of(row("a")));
            assertThat(archive.firstStarted.await(200, TimeUnit.MILLISECONDS)).isFalse();
            writer.write(List.of(row("b"), row("c")));

            // Then a full batch of two is written at once
            assertThat(archive.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            archive.firstMayCommit.countDown();
        }
        assertThat(archive.transactions).containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void rowsHandedOverDuringACommitGoIntoTheNextTransactionInOrder() throws InterruptedException {
        RecordingArchive archive = new RecordingArchive();
        try (ArchiveWriter writer = new ArchiveWriter(archive, 100, 100, 1000, Duration.ZERO)) {
            writer.write(List.of(row("1")));
            assertThat(archive.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            // While the first transaction commits, four more messages arrive
            writer.write(List.of(row("2"), row("3")));
            writer.write(List.of(row("4")));
            writer.write(List.of(row("5")));

            archive.firstMayCommit.countDown();
            writer.awaitWritten();

            assertThat(archive.committedIds()).containsExactly("1", "2", "3", "4", "5");
            assertThat(archive.transactions).as("one commit for what queued meanwhile")
                    .containsExactly(List.of("1"), List.of("2", "3", "4", "5"));
        }
    }

    @Test
    void awaitWrittenReturnsOnlyOnceEarlierRowsAreCommitted() throws Exception {
        RecordingArchive archive = new RecordingArchive();
        try (ArchiveWriter writer = new ArchiveWriter(archive, 100, 100, 1000, Duration.ZERO)) {
            writer.write(List.of(row("1")));
            Thread query = Thread.ofPlatform().start(writer::awaitWritten);

            assertThat(query.join(java.time.Duration.ofMillis(200))).as("still waiting for the commit").isFalse();
            archive.firstMayCommit.countDown();

            assertThat(query.join(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(archive.committedIds()).containsExactly("1");
        }
    }

    @Test
    void aBadRowCostsOnlyItself() {
        RecordingArchive archive = new RecordingArchive();
        archive.firstMayCommit.countDown();
        try (ArchiveWriter writer = new ArchiveWriter(archive, 100, 100, 1000, Duration.ZERO)) {
            writer.write(List.of(row("a"), row("bad"), row("b")));
            writer.awaitWritten();

            assertThat(archive.committedIds()).containsExactly("a", "b");
        }
    }

    @Test
    void anUnreachableDatabaseIsNotAskedAgainRowByRow() {
        RecordingArchive archive = new RecordingArchive();
        archive.firstMayCommit.countDown();
        archive.unreachable = true;
        try (ArchiveWriter writer = new ArchiveWriter(archive, 100, 2, 1000, Duration.ZERO)) {
            writer.write(List.of(row("a"), row("b"), row("c")));
            writer.awaitWritten();

            // one attempt for the batch of two transactions: more would each wait for the pool's timeout, for the
            // same answer
            assertThat(archive.transactions).containsExactly(List.of("failed:2"));
        }
    }

    @Test
    void closeWritesWhatIsQueuedThenRefusesMore() {
        RecordingArchive archive = new RecordingArchive();
        ArchiveWriter writer = new ArchiveWriter(archive, 2, 2, 1000, Duration.ZERO);
        writer.write(List.of(row("1")));
        writer.write(List.of(row("2"), row("3"), row("4")));
        archive.firstMayCommit.countDown();

        writer.close();

        assertThat(archive.committedIds()).containsExactly("1", "2", "3", "4");
        assertThat(archive.transactions).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(2));
        assertThatThrownBy(() -> writer.write(List.of(row("5")))).isInstanceOf(StorageException.class);
    }
}
