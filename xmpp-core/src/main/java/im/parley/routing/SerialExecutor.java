package im.parley.routing;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs tasks one at a time, in submission order, on a shared pool. */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    /** Tasks run per turn before yielding the pool thread, so one busy user cannot starve the others. */
    private static final int TURN = 64;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Executor pool;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            pool.execute(this::drain);
        }
    }

    /**
     * Runs {@code task} on the calling thread when nothing is queued or running here, holding this executor as a
     * queued task would: what is submitted meanwhile runs after it, in order. False, without running it, when busy.
     */
    boolean runIfIdle(Runnable task) {
        if (!pending.compareAndSet(0, 1)) {
            return false;
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            log.error("task failed on an ordered executor", e);
        }
        if (pending.decrementAndGet() != 0) {
            pool.execute(this::drain);
        }
        return true;
    }

    private void drain() {
        int ran = 0;
        do {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("task failed on an ordered executor", e);
            }
            if (++ran == TURN && pending.get() > 1) {
                pending.decrementAndGet();
                pool.execute(this::drain);
                return;
            }
        } while (pending.decrementAndGet() != 0);
    }
}
