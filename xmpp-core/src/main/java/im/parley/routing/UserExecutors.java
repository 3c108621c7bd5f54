package im.parley.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Ordered executors keyed by user (bare JID) or, before authentication, by stream id: work for one key runs in
 * order (RFC 6120 §10.1), off the event loops so that storage calls may block. Keys are striped over a fixed set of
 * serial executors; a stripe is shared by a few users, never split. The stripes share a bounded pool: with one
 * thread per ready stripe, a burst would queue thousands of storage calls on the connection pool, which then times
 * them out; bounded, the wait happens here, in order, and nothing fails for want of a connection.
 */
public final class UserExecutors implements AutoCloseable {
    private static final int STRIPES = 4096;

    private static final int THREADS = Math.max(32, 16 * Runtime.getRuntime().availableProcessors());

    /** The pool this instance made and stops on close; null when the caller's pool was given. */
    private final ExecutorService ownPool;
    private final SerialExecutor[] stripes = new SerialExecutor[STRIPES];

    public UserExecutors() {
        this(Executors.newFixedThreadPool(THREADS, Thread.ofPlatform().name("parley-user-", 0).daemon(true).factory()),
                true);
    }

    /** Runs the ordered executors on {@code pool}, which stays the caller's to stop (tests run it on their thread). */
    public UserExecutors(java.util.concurrent.Executor pool) {
        this(pool, false);
    }

    private UserExecutors(java.util.concurrent.Executor pool, boolean owned) {
        this.ownPool = owned ? (ExecutorService) pool : null;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new SerialExecutor(pool);
        }
    }

    public java.util.concurrent.Executor forKey(String key) {
        return stripe(key);
    }

    /**
     * Runs {@code task} on the calling thread if the key's executor is idle, in its place (ADR 015: an event loop
     * handling a stanza that needs only memory saves two thread switches). Work submitted for the key meanwhile runs
     * after it. False, without running it, when the executor has work queued or running: submit it then.
     */
    public boolean runIfIdle(String key, Runnable task) {
        return stripe(key).runIfIdle(task);
    }

    private SerialExecutor stripe(String key) {
        int h = key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    @Override
    public void close() {
        if (ownPool == null) {
            return;
        }
        ownPool.shutdown();
        try {
            ownPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
