package im.parley.storage.jdbc;

import im.parley.storage.StorageException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for writes that many threads make at once (stanzas stored for offline users in a burst, the logouts
 * and drains after an outage): callers that arrive while a transaction is being committed wait, and the next of them
 * commits everything that queued meanwhile in one transaction. Each caller still returns only once its own entries
 * are committed, so "committed on return" holds and a caller's writes stay in its order; what changes is that a
 * burst pays for one commit (on H2, one rewrite of the touched B-tree pages) per batch instead of one per write.
 *
 * <p>No thread of its own: the first waiting caller does the work (leader and followers). A failed batch of several
 * callers is retried one caller at a time, so one bad entry fails only its own caller; unless the database could not
 * be reached at all, which fails them all at once.
 *
 * @param <E> an entry to write
 * @param <R> the result for one entry
 */
final class GroupCommit<E, R> {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private final Function<List<E>, List<R>> writeAll;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private List<Pending<E, R>> queue = new ArrayList<>();
    private boolean committing;

    /**
     * {@code writeAll} writes its entries in one transaction and returns one result per entry, in order; it either
     * commits all of them or throws. {@code maxBatch} caps the entries of one transaction (a caller's own entries
     * are never split, so a batch can exceed it by one caller's worth).
     */
    GroupCommit(Function<List<E>, List<R>> writeAll, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.writeAll = writeAll;
        this.maxBatch = maxBatch;
    }

    /** Writes {@code entries} together with whatever other callers are writing now; returns once committed. */
    List<R> submit(List<E> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Pending<E, R> mine = new Pending<>(List.copyOf(entries));
        boolean yielded = false;
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (committing) {
                    committed.awaitUninterruptibly();
                    continue;
                }
                if (!yielded) {
                    // Let the callers that are ready to run queue their entries before this one leads: on few
                    // cores (one, for a server pinned to one) a leader that committed at once would commit alone
                    // (6,486 commits for 10,000 offline stanzas, measured). Yielding more often than once gave
                    // larger batches but no more stanzas per second.
                    yielded = true;
                    lock.unlock();
                    try {
                        Thread.yield();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                List<Pending<E, R>> batch = take();
                committing = true;
                lock.unlock();
                try {
                    commit(batch);
                } finally {
                    lock.lock();
                    committing = false;
                    committed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        return mine.result();
    }

    /** Callers queued right now, not yet being committed; for tests. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the oldest queued callers, up to {@code maxBatch} entries (at least one caller). */
    private List<Pending<E, R>> take() {
        List<Pending<E, R>> batch = new ArrayList<>();
        int size = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || size + queue.getFirst().entries.size() <= maxBatch)) {
            Pending<E, R> next = queue.removeFirst();
            batch.add(next);
            size += next.entries.size();
        }
        return batch;
    }

    /** Outside the lock: one transaction for the batch; on failure, one per caller so the failure stays with its owner. */
    private void commit(List<Pending<E, R>> batch) {
        if (batch.size() == 1) {
            batch.getFirst().complete(writeAll);
            return;
        }
        List<E> all = new ArrayList<>();
        batch.forEach(p -> all.addAll(p.entries));
        List<R> results;
        try {
            results = writeAll.apply(all);
        } catch (RuntimeException e) {
            if (StorageException.databaseUnreachable(e)) {
                // Each caller alone would wait for the pool's timeout again, for the same answer.
                batch.forEach(p -> p.fail(e));
            } else {
                // Said once per group: the retries can hide a cause that keeps recurring (a deadlock with another
                // writer showed only as a slower offline store, ADR 020 addendum).
                log.warn("a group commit of {} callers failed ({}); retrying each caller alone", batch.size(),
                        e.getMessage());
                batch.forEach(p -> p.complete(writeAll));
            }
            return;
        }
        int from = 0;
        for (Pending<E, R> p : batch) {
            p.succeed(results.subList(from, from + p.entries.size()));
            from += p.entries.size();
        }
    }

    private static final class Pending<E, R> {
        final List<E> entries;
        // Written by the committing thread before it takes the lock to signal; read under the lock.
        boolean done;
        List<R> results;
        RuntimeException failure;

        Pending(List<E> entries) {
            this.entries = entries;
        }

        void complete(Function<List<E>, List<R>> writeAll) {
            try {
                succeed(writeAll.apply(entries));
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }

        void succeed(List<R> results) {
            this.results = results;
            done = true;
        }

        List<R> result() {
            if (failure != null) {
                throw failure;
            }
            return results;
        }
    }
}
