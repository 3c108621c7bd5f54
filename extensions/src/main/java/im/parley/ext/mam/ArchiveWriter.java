package im.parley.ext.mam;

import im.parley.ext.WriteBehind;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.MessageArchive;
import im.parley.storage.StorageException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes archive rows behind the message: the message is routed at once and its rows are committed by one writer
 * thread in batches (docs/adr/007-archive-write-behind.md). Rows are written in the order they were handed over, so
 * each archive keeps the order its owner's messages were routed in. Queries first wait for every row handed over
 * before them ({@link #awaitWritten()}), so a client never pages past a message it has already received.
 */
final class ArchiveWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);

    private final MessageArchive archive;
    private final WriteBehind<ArchivedMessage> behind;

    /**
     * {@code maxBatch}: rows per transaction at most; {@code maxQueued}: rows waiting at most before {@link #write}
     * blocks its caller (a user's executor, never an event loop), so a slow database slows senders instead of
     * filling the heap; {@code linger}: how long the first row of a batch waits for others, unless the batch is full
     * or someone is in {@link #awaitWritten} (a MAM query, an acknowledgement).
     */
    ArchiveWriter(MessageArchive archive, int maxBatch, int maxQueued, Duration linger) {
        this.archive = archive;
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

    /** One transaction for the batch; if it fails, row by row, so one bad row costs only itself. */
    private void commit(List<ArchivedMessage> batch) {
        try {
            archive.appendAll(batch);
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                log.warn("archiving message {} for {} failed; it is delivered but not archived", batch.getFirst().id(),
                        batch.getFirst().owner(), e);
                return;
            }
            if (StorageException.databaseUnreachable(e)) {
                // One by one would wait for the pool's timeout once per row (and every acknowledgement waits for this
                // writer: XEP-0198 §4), for the same answer.
                log.warn("archiving a batch of {} rows failed: the database is unreachable ({}); they are delivered"
                        + " but not archived", batch.size(), e.getMessage());
                return;
            }
            log.warn("archiving a batch of {} rows failed ({}); retrying them one by one", batch.size(), e.getMessage());
        }
        for (ArchivedMessage row : batch) {
            try {
                archive.append(row);
            } catch (RuntimeException e) {
                log.warn("archiving message {} for {} failed; it is delivered but not archived", row.id(), row.owner(), e);
            }
        }
    }
}
