package im.parley.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits of the scenarios: every loop of the generator stops by itself. */
final class Waits {
    private Waits() {
    }

    /** Polls {@code done} every 20 ms until it holds or {@code timeoutMillis} pass; true if it held. */
    static boolean until(BooleanSupplier done, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    /**
     * Waits until {@code done} holds, as long as {@code progress} keeps changing within each {@code quietMillis}
     * window, and never past {@code timeoutMillis}; true if it held.
     */
    static boolean whileProgressing(BooleanSupplier done, java.util.function.LongSupplier progress, long quietMillis,
                                    long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long last = Long.MIN_VALUE;
        while (System.nanoTime() < deadline) {
            long now = progress.getAsLong();
            if (now == last) {
                return done.getAsBoolean();
            }
            last = now;
            if (until(done, quietMillis)) {
                return true;
            }
        }
        return done.getAsBoolean();
    }

    /** A measurement interval: the server is left alone for this long (settling, CPU at rest). */
    static void hold(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
