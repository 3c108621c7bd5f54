package im.parley.ext;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage writes done behind the work that asked for them: many threads hand items over, one writer thread commits
 * them in batches, in the order they were handed over. Used where a client need not wait for the commit (archive rows,
 * ADR 007; deletes of delivered offline queues, ADR 014); {@link #awaitWritten()} is for the few who must.
 *
 * <p>Below saturation a batch lingers: the writer, finding items queued, waits up to {@code linger} for more, because a
 * small commit costs nearly as much as a large one. A full batch, {@link #close()} or a caller of
 * {@link #awaitWritten()} ends the wait at once, so nobody waiting for an answer waits for the linger.
 *
 * <p>What a commit does with a failure is the caller's policy: {@code commit} should handle its own exceptions. A
 * {@link RuntimeException} it lets through is logged and its items count as written, so the writer keeps going. An
 * {@link Error} stops the writer: waiters are released, and {@link #offer} refuses from then on.
 */
public final class WriteBehind<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);

    private final Consumer<List<T>> commit;
    private final long lingerNanos;
    private final int maxBatch;
    private final int maxQueued;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread writer;
    private final ArrayDeque<T> queued = new ArrayDeque<>();
    private long handedOver;
    private long written;
    /** Callers in {@link #awaitWritten}: the writer stops lingering for them. */
    private int awaiting;
    private boolean closing;
    /** The writer thread has ended (closed, or an {@link Error} in a commit): nothing will be written any more. */
    private boolean stopped;

    /**
     * {@code commit}: writes one batch, in one transaction if it can; {@code linger}: how long the first item of a
     * batch waits for others; {@code maxBatch}: items per batch at most, and the count that ends the linger;
     * {@code maxQueued}: items waiting at most before {@link #offer} blocks its caller, so a slow database slows the
     * callers instead of filling the heap ({@link Integer#MAX_VALUE}: never blocks).
     */
    public WriteBehind(String threadName, Consumer<List<T>> commit, Duration linger, int maxBatch, int maxQueued) {
        if (maxBatch < 1 || maxQueued < maxBatch) {
            // A full queue must end the linger, or callers blocked on it would wait out the linger.
            throw new IllegalArgumentException("need 1 <= maxBatch <= maxQueued, got " + maxBatch + ", " + maxQueued);
        }
        this.commit = commit;
        this.lingerNanos = linger.toNanos();
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.writer = Thread.ofPlatform().name(threadName).daemon(true).start(this::run);
    }

    /**
     * Hands {@code items} over, to be committed after those handed over before them; blocks while {@code maxQueued}
     * items wait (so never call it from an event loop unless the queue is unbounded). Returns {@code false}, taking
     * nothing, once closed or if the writer thread has died: the caller then writes them itself or refuses.
     */
    public boolean offer(List<T> items) {
        return offer(items, true);
    }

    /**
     * Whether {@code count} more items fit below {@code maxQueued} now, with the writer running: a caller on an event
     * loop asks first, then hands them over with {@link #offerWithoutWaiting} (ADR 015).
     */
    public boolean hasRoomFor(int count) {
        lock.lock();
        try {
            return queued.size() + count <= maxQueued && !closing && !stopped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #offer}, except that it never waits: it takes the items even past {@code maxQueued}. For callers that may
     * not block and found room a moment before ({@link #hasRoomFor}): the bound is then exceeded by what such callers
     * hand over at the same time, no more.
     */
    public boolean offerWithoutWaiting(List<T> items) {
        return offer(items, false);
    }

    private boolean offer(List<T> items, boolean waitForRoom) {
        lock.lock();
        try {
            while (waitForRoom && queued.size() >= maxQueued && !closing && !stopped) {
                changed.awaitUninterruptibly();
            }
            if (closing || stopped) {
                return false;
            }
            boolean wasEmpty = queued.isEmpty();
            queued.addAll(items);
            handedOver += items.size();
            if (wasEmpty || queued.size() >= maxBatch) { // all the writer waits for while it lingers
                changed.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Returns once every item handed over before this call is committed (or its commit failed). */
    public void awaitWritten() {
        lock.lock();
        try {
            long target = handedOver;
            awaiting++;
            changed.signalAll();
            try {
                while (written < target && !stopped) {
                    changed.awaitUninterruptibly();
                }
            } finally {
                awaiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Commits what is queued, then stops the writer; {@link #offer} refuses from now on. */
    @Override
    public void close() {
        changeAndSignal(() -> closing = true);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            writeUntilClosed();
        } finally {
            changeAndSignal(() -> stopped = true);
        }
    }

    private void writeUntilClosed() {
        while (true) {
            List<T> batch;
            lock.lock();
            try {
                while (queued.isEmpty() && !closing) {
                    changed.awaitUninterruptibly();
                }
                if (queued.isEmpty()) {
                    return;
                }
                linger();
                batch = take();
                changed.signalAll(); // room for blocked callers
            } finally {
                lock.unlock();
            }
            try {
                commit.accept(batch);
            } catch (RuntimeException e) {
                log.warn("a write-behind batch of {} items failed and is dropped", batch.size(), e);
            }
            changeAndSignal(() -> written += batch.size());
        }
    }

    /** Applies {@code change} under the lock and wakes everyone waiting on it. */
    private void changeAndSignal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: waits for a full batch, a waiter, the close or the deadline, whichever comes first. */
    private void linger() {
        long deadline = System.nanoTime() + lingerNanos;
        long left;
        while (!closing && awaiting == 0 && queued.size() < maxBatch && (left = deadline - System.nanoTime()) > 0) {
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                return; // commit what is queued; items must not wait on an interrupt
            }
        }
    }

    private List<T> take() {
        List<T> batch = new ArrayList<>(Math.min(queued.size(), maxBatch));
        while (batch.size() < maxBatch && !queued.isEmpty()) {
            batch.add(queued.poll());
        }
        return batch;
    }
}
