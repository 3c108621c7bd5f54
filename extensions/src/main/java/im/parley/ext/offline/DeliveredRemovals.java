package im.parley.ext.offline;

import im.parley.storage.OfflineQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes delivered offline queues behind the delivery (docs/adr/014-offline-removal-behind-delivery.md): a session
 * gets its backlog without waiting for a commit, and one writer thread deletes what many accounts were handed in one
 * transaction. Until that commit the rows are still in the database, so a delivery asks {@link #handedOverThrough}
 * first and skips them. A server that stops abruptly before the commit delivers them again at the next login: a
 * duplicate, never a loss.
 */
final class DeliveredRemovals implements AutoCloseable {
    /** What {@link #handedOverThrough} answers for an account with nothing awaiting removal. */
    static final long NONE = Long.MIN_VALUE;

    private static final Logger log = LoggerFactory.getLogger(DeliveredRemovals.class);

    private final OfflineQueue queue;
    private final long lingerNanos;
    private final int fullBatch;
    /** Username → last id handed over, from the hand-over until its delete is committed (or has failed). */
    private final Map<String, Long> awaitingRemoval = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread writer;
    private Map<String, Long> queued = new HashMap<>();
    private long handedOver;
    private long removed;
    private boolean closing;

    /**
     * {@code linger}: how long the writer lets removals gather after the first one, so that a login storm's many
     * small deletes share a commit; {@code fullBatch}: with this many accounts queued it stops lingering.
     */
    DeliveredRemovals(OfflineQueue queue, Duration linger, int fullBatch) {
        this.queue = queue;
        this.lingerNanos = linger.toNanos();
        this.fullBatch = fullBatch;
        this.writer = Thread.ofPlatform().name("parley-offline-removals").daemon(true).start(this::run);
    }

    /**
     * The queue of {@code username} was delivered up to and including {@code throughId}: from now on
     * {@link #handedOverThrough} says so, and the rows are deleted soon. After {@link #close()}, deleted at once.
     */
    void remove(String username, long throughId) {
        awaitingRemoval.merge(username, throughId, Math::max);
        lock.lock();
        try {
            if (!closing && writer.isAlive()) {
                queued.merge(username, throughId, Math::max);
                handedOver++;
                if (queued.size() == 1 || queued.size() >= fullBatch) { // the writer waits for nothing else
                    changed.signalAll();
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        commit(Map.of(username, throughId));
    }

    /**
     * Deletes what {@code username} was handed and is still awaiting removal, before returning. A session that ends
     * stores its unacknowledged messages again right after (XEP-0198 §4): rows awaiting deletion still count against
     * the queue's limit (RFC 6121 §8.5.2.2.1) and would have them refused.
     */
    void removeNow(String username) {
        Long through = awaitingRemoval.get(username);
        if (through != null) {
            commit(Map.of(username, through));
        }
    }

    /**
     * The last id of {@code username}'s queue already delivered and not yet deleted, or {@link #NONE}. Read it before
     * the queue: a delete committed in between leaves this map only after it has left the database.
     */
    long handedOverThrough(String username) {
        return awaitingRemoval.getOrDefault(username, NONE);
    }

    /** Returns once every removal handed over before this call is committed (or has failed and was logged). */
    void awaitRemoved() {
        lock.lock();
        try {
            long target = handedOver;
            while (removed < target && writer.isAlive()) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes what is queued, then stops the writer; later removals are deleted by their callers. */
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
            Map<String, Long> batch;
            long through;
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
                while (!closing && queued.size() < fullBatch && (left = deadline - System.nanoTime()) > 0) {
                    changed.awaitNanos(left);
                }
                batch = queued;
                queued = new HashMap<>();
                through = handedOver;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            commit(batch);
            lock.lock();
            try {
                removed = through;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** One transaction; the accounts leave {@link #awaitingRemoval} after it, whether it committed or failed. */
    private void commit(Map<String, Long> batch) {
        try {
            queue.removeThroughAll(batch);
        } catch (RuntimeException e) {
            log.warn("removing the delivered offline messages of {} accounts failed ({}); they will be delivered"
                    + " again at the next login", batch.size(), e.getMessage());
        }
        // Only if no later delivery raised the id meanwhile: that one's own delete is still to come.
        batch.forEach(awaitingRemoval::remove);
    }
}
