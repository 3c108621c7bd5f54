package im.parley.ext.offline;

import im.parley.ext.WriteBehind;
import im.parley.storage.OfflineQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Username → last id handed over, from the hand-over until its delete is committed (or has failed). */
    private final Map<String, Long> awaitingRemoval = new ConcurrentHashMap<>();
    private final WriteBehind<Removal> behind;

    /** One hand-over: the queue of {@code username} delivered through {@code throughId}. */
    private record Removal(String username, long throughId) {}

    /**
     * {@code linger}: how long the writer lets removals gather after the first one, so that a login storm's many
     * small deletes share a commit; {@code fullBatch}: with this many hand-overs queued it stops lingering, and no
     * transaction holds more.
     */
    DeliveredRemovals(OfflineQueue queue, Duration linger, int fullBatch) {
        this.queue = queue;
        // Unbounded: remove() runs on a user's executor right after a delivery and must not wait for the database.
        this.behind = new WriteBehind<>("parley-offline-removals", this::commitBatch, linger, fullBatch,
                Integer.MAX_VALUE);
    }

    /**
     * The queue of {@code username} was delivered up to and including {@code throughId}: from now on
     * {@link #handedOverThrough} says so, and the rows are deleted soon. After {@link #close()}, deleted at once.
     */
    void remove(String username, long throughId) {
        awaitingRemoval.merge(username, throughId, Math::max);
        if (!behind.offer(List.of(new Removal(username, throughId)))) {
            commit(Map.of(username, throughId));
        }
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
        behind.awaitWritten();
    }

    /** Deletes what is queued, then stops the writer; later removals are deleted by their callers. */
    @Override
    public void close() {
        behind.close();
    }

    /** A batch's hand-overs, the highest id per account, in one transaction. */
    private void commitBatch(List<Removal> batch) {
        Map<String, Long> throughIds = new HashMap<>();
        for (Removal r : batch) {
            throughIds.merge(r.username(), r.throughId(), Math::max);
        }
        commit(throughIds);
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
