package im.parley.flow;

/**
 * A byte budget that refills at {@code bytesPerSecond} up to {@code burstBytes}. Bytes already received are always
 * taken (they cannot be refused); what {@link #take} answers is how long the sender must then wait before its
 * budget is back at zero. Kept as the time at which the budget would be full again (the "virtual scheduling" form
 * of a token bucket), with the remainder of each division carried, so a stream of tiny reads loses nothing to
 * rounding. Not thread-safe: one per connection, used on its event loop.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bytesPerSecond;
    private final long burstNanos;
    /** When the budget would be full again if nothing more were taken; at or before now means full. */
    private long fullAt;
    /** The fraction of a nanosecond (in units of 1/bytesPerSecond) not yet added to {@link #fullAt}. */
    private long carry;

    public TokenBucket(long bytesPerSecond, long burstBytes, long nowNanos) {
        if (bytesPerSecond < 1 || burstBytes < 1) {
            throw new IllegalArgumentException("rate and burst must be positive: " + bytesPerSecond + ", " + burstBytes);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstNanos = nanosFor(burstBytes);
        this.fullAt = nowNanos;
    }

    /** Takes {@code bytes}; returns the nanoseconds to wait before reading more, 0 while within the budget. */
    public long take(long bytes, long nowNanos) {
        if (fullAt - nowNanos < 0) {
            fullAt = nowNanos;
            carry = 0;
        }
        long scaled = Math.multiplyExact(bytes, NANOS_PER_SECOND) + carry; // int-sized counts: no overflow
        fullAt += scaled / bytesPerSecond;
        carry = scaled % bytesPerSecond;
        return waitNanos(nowNanos);
    }

    /** The nanoseconds until the budget is back at zero, 0 if it is not overdrawn. */
    public long waitNanos(long nowNanos) {
        return Math.max(0, fullAt - nowNanos - burstNanos);
    }

    private long nanosFor(long bytes) {
        return Math.multiplyExact(bytes, NANOS_PER_SECOND) / bytesPerSecond;
    }
}
