package im.parley.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, for windows, timeouts and throttles without waiting. Thread-safe. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    private MutableClock(Instant start) {
        this.now = start;
    }

    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /** Starts at 2025-01-01T00:00:00Z, so tests do not depend on today's date. */
    public static MutableClock fixed() {
        return at(Instant.parse("2025-01-01T00:00:00Z"));
    }

    public synchronized MutableClock advance(Duration duration) {
        now = now.plus(duration);
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }
}
