package im.parley.ext.mam;

import im.parley.ext.WriteBehind;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.MessageArchive;
import im.parley.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes archive rows behind the message: the message is routed at once and its rows are committed by one writer
 * thread in batches (docs/adr/007-archive-write-behind.md). A batch is written owner by owner (ADR 021), each owner's
 * rows in the order they were handed over, so each archive keeps the order its owner's messages were routed in.
 * Queries first wait for every row handed over before them ({@link #awaitWritten()}), so a client never pages past a
 * message it has already received.
 */
final class ArchiveWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);

    private final MessageArchive archive;
    private final WriteBehind<ArchivedMessage> behind;
    private final int rowsPerTransaction;

    /**
     * {@code maxBatch}: rows the writer takes at once; {@code maxQueued}: rows waiting at most before {@link #write}
     * blocks its caller (a user's executor, never an event loop), so a slow database slows senders instead of
     * filling the heap; {@code linger}: how long the first row of a batch waits for others, unless the batch is full
     * or someone is in {@link #awaitWritten} (a MAM query, an acknowledgement); {@code rowsPerTransaction}: the
     * transactions a batch is cut into, owner by owner.
     */
    ArchiveWriter(MessageArchive archive, int maxBatch, int rowsPerTransaction, int maxQueued, Duration linger) {
        this.archive = archive;
        this.rowsPerTransaction = rowsPerTransaction;
        this.behind = new WriteBehind<>("parley-archive-writer", this::commit, linger, maxBatch, maxQueued);
    }

    /** Hands rows over to be written after those handed over before them. */
    void write(List<ArchivedMessage> rows) {
        if (!behind.offer(rows)) {
            throw stopped();
        }
    }

    /** Whether {@code rows} more rows fit in the queue now, so that {@link #writeWithoutWaiting} stays within bounds. */
    boolean hasRoomFor(int rows) {
        return behind.hasRoomFor(rows);
    }

    /** {@link #write} for a caller that may not block (an event loop, ADR 015): never waits for room. */
    void writeWithoutWaiting(List<ArchivedMessage> rows) {
        if (!behind.offerWithoutWaiting(rows)) {
            throw stopped();
        }
    }

    private static StorageException stopped() {
        return new StorageException("the archive's writer has stopped (server shutting down, or it failed)");
    }

    /** Returns once every row handed over before this call is written (or its write failed and was logged). */
    void awaitWritten() {
        behind.awaitWritten();
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        behind.close();
    }

    /**
     * Sorted by owner, each owner's rows keeping their order, then cut into transactions of at most
     * {@code rowsPerTransaction} rows (ADR 021). On H2 a transaction holds every index leaf its rows touch in memory
     * until it commits, one leaf per owner in each of three indexes: a transaction of few owners holds few, so a young
     * collection that falls inside it has little to copy. Each owner's leaves are still written once per batch.
     */
    private void commit(List<ArchivedMessage> batch) {
        List<ArchivedMessage> byOwner = new ArrayList<>(batch);
        byOwner.sort(Comparator.comparing(ArchivedMessage::owner));
        for (int from = 0; from < byOwner.size(); from += rowsPerTransaction) {
            List<ArchivedMessage> rows = byOwner.subList(from, Math.min(byOwner.size(), from + rowsPerTransaction));
            Optional<RuntimeException> unreachable = commitTransaction(rows);
            if (unreachable.isPresent()) {
                // The rest one by one, or even transaction by transaction, would each wait for the pool's timeout
                // (and every acknowledgement waits for this writer: XEP-0198 §4), for the same answer.
                log.warn("archiving {} rows failed: the database is unreachable ({}); they are delivered but not"
                        + " archived", byOwner.size() - from, unreachable.get().getMessage());
                return;
            }
        }
    }

    /**
     * One transaction for the rows; if it fails, row by row, so one bad row costs only itself. Returns the failure
     * when it was the database being unreachable, without trying row by row.
     */
    private Optional<RuntimeException> commitTransaction(List<ArchivedMessage> rows) {
        try {
            archive.appendAll(rows);
            return Optional.empty();
        } catch (RuntimeException e) {
            if (StorageException.databaseUnreachable(e)) {
                return Optional.of(e);
            }
            if (rows.size() == 1) {
                log.warn("archiving message {} for {} failed; it is delivered but not archived", rows.getFirst().id(),
                        rows.getFirst().owner(), e);
                return Optional.empty();
            }
            log.warn("archiving {} rows failed ({}); retrying them one by one", rows.size(), e.getMessage());
        }
        for (ArchivedMessage row : rows) {
            try {
                archive.append(row);
            } catch (RuntimeException e) {
                log.warn("archiving message {} for {} failed; it is delivered but not archived", row.id(), row.owner(), e);
            }
        }
        return Optional.empty();
    }
}
