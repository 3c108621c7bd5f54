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
}
