package im.parley.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Ordered executors keyed by user (bare JID) or, before authentication, by stream id: work for one key runs in
 * order (RFC 6120 §10.1), on virtual threads so that storage calls may block without holding an event loop.
 * Keys are striped over a fixed set of serial executors; a stripe is shared by a few users, never split.
 */
public final class UserExecutors implements AutoCloseable {
    private static final int STRIPES = 4096;

    private final ExecutorService pool = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("parley-user-", 0).factory());
    private final SerialExecutor[] stripes = new SerialExecutor[STRIPES];

    public UserExecutors() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new SerialExecutor(pool);
        }
    }

    public java.util.concurrent.Executor forKey(String key) {
        int h = key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
