package im.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void runsTasksOfOneKeyInSubmissionOrderOneAtATime_rfc6120_10_1() throws Exception {
        // Given a pool with more threads than the executor may use
        ExecutorService pool = Executors.newFixedThreadPool(8);
        SerialExecutor serial = new SerialExecutor(pool);
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(10_000);
        // When
        IntStream.range(0, 10_000).forEach(i -> serial.execute(() -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            order.add(i);
            concurrent.decrementAndGet();
            done.countDown();
        }));
        // Then
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).isEqualTo(IntStream.range(0, 10_000).boxed().toList());
        assertThat(maxConcurrent.get()).isEqualTo(1);
        pool.shutdown();
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SerialExecutor serial = new SerialExecutor(pool);
        CountDownLatch after = new CountDownLatch(1);
        serial.execute(() -> { throw new IllegalStateException("boom (expected by the test)"); });
        serial.execute(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
    }

    @Test
    void runsATaskOnTheCallersThreadWhenIdle_adr015() {
        // Given an idle executor whose pool would fail the test if used
        SerialExecutor serial = new SerialExecutor(task -> { throw new AssertionError("the pool was used"); });
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        // When
        boolean ran = serial.runIfIdle(() -> ranOn.add(Thread.currentThread()));
        // Then
        assertThat(ran).isTrue();
        assertThat(ranOn).containsExactly(caller);
    }

    @Test
    void refusesWhileATaskIsQueuedOrRunning_adr015() throws Exception {
        // Given a task holding the executor on the pool
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SerialExecutor serial = new SerialExecutor(pool);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        serial.execute(() -> {
            running.countDown();
            awaitQuietly(release);
            order.add("queued");
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        // When
        boolean ran = serial.runIfIdle(() -> order.add("inline"));
        // Then it is left to the caller, and the queued task is untouched
        assertThat(ran).isFalse();
        release.countDown();
        CountDownLatch drained = new CountDownLatch(1);
        serial.execute(drained::countDown);
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("queued");
        pool.shutdown();
    }

    @Test
    void whatIsSubmittedDuringAnInlineTaskRunsAfterItInOrder_rfc6120_10_1() throws Exception {
        // Given
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SerialExecutor serial = new SerialExecutor(pool);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        // When the inline task submits two tasks before it ends
        boolean ran = serial.runIfIdle(() -> {
            serial.execute(() -> { order.add("first"); done.countDown(); });
            serial.execute(() -> { order.add("second"); done.countDown(); });
            order.add("inline");
        });
        // Then they run after it, one at a time, in submission order
        assertThat(ran).isTrue();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("inline", "first", "second");
        pool.shutdown();
    }

    @Test
    void anInlineTaskThatFailsLeavesTheExecutorIdle() {
        // Given an executor whose pool would fail the test if used
        SerialExecutor serial = new SerialExecutor(task -> { throw new AssertionError("the pool was used"); });

        // When a task run in its place fails
        boolean ran = serial.runIfIdle(() -> { throw new IllegalStateException("boom (expected by the test)"); });

        // Then the next one runs in its place too: nothing is left claimed
        List<String> order = new CopyOnWriteArrayList<>();
        assertThat(ran).isTrue();
        assertThat(serial.runIfIdle(() -> order.add("next"))).isTrue();
        assertThat(order).containsExactly("next");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
