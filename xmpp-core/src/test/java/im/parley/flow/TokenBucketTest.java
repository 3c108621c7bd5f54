package im.parley.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aFreshConnectionMaySendItsWholeBurstAtOnce() {
        TokenBucket bucket = new TokenBucket(1_000, 500, 0);

        assertThat(bucket.take(500, 0)).isZero();
        // one byte more is one byte's worth of time at 1,000 bytes a second
        assertThat(bucket.take(1, 0)).isEqualTo(MILLI);
    }

    @Test
    void theWaitIsWhatWasOverdrawnAtTheRate() {
        TokenBucket bucket = new TokenBucket(1_000, 500, 0);

        assertThat(bucket.take(1_500, 0)).isEqualTo(SECOND);
        assertThat(bucket.waitNanos(SECOND / 4)).isEqualTo(3 * SECOND / 4);
        assertThat(bucket.waitNanos(SECOND)).isZero();
    }

    @Test
    void aQuietConnectionSavesUpNoMoreThanItsBurst() {
        TokenBucket bucket = new TokenBucket(1_000, 500, 0);
        bucket.take(500, 0);

        // after an hour of silence: the burst again, not an hour's worth of bytes
        long later = 3_600 * SECOND;
        assertThat(bucket.take(500, later)).isZero();
        assertThat(bucket.take(100, later)).isEqualTo(100 * MILLI);
    }

    @Test
    void sendingAtTheRateInTinyPiecesNeverWaits() {
        TokenBucket bucket = new TokenBucket(1_000, 1, 0);

        // 10,000 single bytes, one each millisecond: exactly the rate, the budget never overdrawn by rounding
        for (int i = 1; i <= 10_000; i++) {
            assertThat(bucket.take(1, i * MILLI)).as("byte %d", i).isZero();
        }
    }

    @Test
    void singleBytesAtARateThatDoesNotDivideASecondAddUpExactly() {
        TokenBucket bucket = new TokenBucket(3, 3, 0);
        bucket.take(3, 0);

        // three more bytes, one at a time, are one second at 3 bytes a second: not 3 × 333,333,333 ns
        bucket.take(1, 0);
        bucket.take(1, 0);
        assertThat(bucket.take(1, 0)).isEqualTo(SECOND);
    }

    @Test
    void sendingAboveTheRateWaitsLongerTheMoreItSends() {
        TokenBucket bucket = new TokenBucket(1_000, 1_000, 0);
        long waited = 0;
        long now = 0;

        // 100 bytes every 10 ms is 10,000 bytes a second offered against 1,000 allowed
        for (int i = 0; i < 100; i++, now += 10 * MILLI) {
            waited = bucket.take(100, now);
        }

        // 10,000 bytes taken by 0.99 s: the budget is back at zero 9 s (10,000 − 1,000 burst at 1,000/s) after start
        assertThat(waited).isEqualTo(9 * SECOND - (now - 10 * MILLI));
    }

    @Test
    void refusesARateOrBurstOfZero() {
        assertThatThrownBy(() -> new TokenBucket(0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
