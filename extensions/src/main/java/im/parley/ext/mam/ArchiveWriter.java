package im.parley.ext.mam;

import im.parley.storage.ArchivedMessage;
import im.parley.storage.MessageArchive;
import im.parley.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
    private final int maxBatch;
    private final int maxQueued;
    private final long lingerNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread writer;
    private List<ArchivedMessage> queued = new ArrayList<>();
    private long handedOver;
    private long written;
    /** Callers in {@link #awaitWritten}: the writer stops lingering for them. */
    private int awaiting;
    private boolean closing;

    /**
     * {@code maxBatch}: rows per transaction at most; {@code maxQueued}: rows waiting at most before {@link #write}
     * blocks its caller (a user's executor, never an event loop), so a slow database slows senders instead of
     * filling the heap; {@code linger}: how long the first row of a batch waits for others, unless the batch is full
     * or someone is in {@link #awaitWritten} (a MAM query, an acknowledgement).
     */
    ArchiveWriter(MessageArchive archive, int maxBatch, int maxQueued, Duration linger) {
        this.archive = archive;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.lingerNanos = linger.toNanos();
        this.writer = Thread.ofPlatform().name("parley-archive-writer").daemon(true).start(this::run);
    }

    /** Hands rows over to be written after those handed over before them. */
    void write(List<ArchivedMessage> rows) {
        lock.lock();
        try {
            while (queued.size() >= maxQueued && !closing) {
                changed.awaitUninterruptibly();
            }
            if (closing) {
                throw new StorageException("the archive is closed: server shutting down");
            }
            boolean wasEmpty = queued.isEmpty();
            queued.addAll(rows);
            handedOver += rows.size();
            if (wasEmpty || queued.size() >= maxBatch) { // all the writer waits for while it lingers
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns once every row handed over before this call is written (or its write failed and was logged). */
    void awaitWritten() {
        lock.lock();
        try {
            long target = handedOver;
            awaiting++;
            changed.signalAll();
            try {
                while (written < target && writer.isAlive()) {
                    changed.awaitUninterruptibly();
                }
            } finally {
                awaiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<ArchivedMessage> batch;
            lock.lock();
            try {
                while (queued.isEmpty() && !closing) {
                    changed.awaitUninterruptibly();
                }
                if (queued.isEmpty()) {
                    return;
                }
                long deadline = System.nanoTime() + lingerNanos;
                long left;
                while (!closing && awaiting == 0 && queued.size() < maxBatch
                        && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        changed.awaitNanos(left);
                    } catch (InterruptedException e) {
                        break; // write what is queued; the rows must not wait on an interrupt
                    }
                }
                batch = take();
                changed.signalAll(); // room for blocked writers
            } finally {
                lock.unlock();
            }
            commit(batch);
            lock.lock();
            try {
                written += batch.size();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private List<ArchivedMessage> take() {
        if (queued.size() <= maxBatch) {
            List<ArchivedMessage> all = queued;
            queued = new ArrayList<>();
            return all;
        }
        List<ArchivedMessage> head = new ArrayList<>(queued.subList(0, maxBatch));
        queued = new ArrayList<>(queued.subList(maxBatch, queued.size()));
        return head;
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
