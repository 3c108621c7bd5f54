package im.parley.conformance.support;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import im.parley.transport.EventLoops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Catches the in-process server taking a database connection on one of its Netty event loops, where nothing may
 * block (ADR 004, ADR 015). HikariCP reports every connection it hands out to this tracker, on the thread that asked,
 * and builds it by name from {@code storage-trap.properties} (the suite sets {@code hikaricp.configurationFile}), so
 * the server under test is unchanged. A class's server is checked when it stops ({@link ParleyServerExtension}).
 * Static because HikariCP instantiates the factory itself.
 */
public final class StorageOnEventLoop implements MetricsTrackerFactory {
    private static final Queue<String> CAUGHT = new ConcurrentLinkedQueue<>();

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        return new IMetricsTracker() {
            @Override
            public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
                String thread = Thread.currentThread().getName();
                if (thread.startsWith(EventLoops.IO_THREADS) || thread.startsWith(EventLoops.ACCEPT_THREADS)) {
                    CAUGHT.add(thread + " took a connection from " + poolName + ":\n  "
                            + Arrays.stream(new Throwable().getStackTrace()).limit(40).map(String::valueOf)
                            .collect(Collectors.joining("\n  ")));
                }
            }
        };
    }

    /** Fails with every connection taken on an event loop since the last call. */
    static void assertNoneTaken() {
        List<String> caught = new ArrayList<>();
        for (String one; (one = CAUGHT.poll()) != null; ) {
            caught.add(one);
        }
        if (!caught.isEmpty()) {
            throw new AssertionError(caught.size() + " storage call(s) on an event loop:\n" + String.join("\n", caught));
        }
    }
}
