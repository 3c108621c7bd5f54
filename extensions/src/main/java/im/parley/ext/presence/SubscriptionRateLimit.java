package im.parley.ext.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts inbound subscription requests per recipient in fixed one-minute windows; a limit of 0 allows all. */
final class SubscriptionRateLimit {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int count) {}

    SubscriptionRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Whether one more request to {@code recipient} is allowed now (and counts it). */
    boolean allow(String recipient) {
        if (perMinute == 0) {
            return true;
        }
        Instant now = clock.instant();
        Window window = windows.compute(recipient, (r, w) -> w == null || !now.isBefore(w.start().plus(WINDOW))
                ? new Window(now, 1) : new Window(w.start(), w.count() + 1));
        if (windows.size() > 10_000) {
            // Old windows are worthless; drop them so the map stays as big as the recent traffic.
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(WINDOW)));
        }
        return window.count() <= perMinute;
    }
}
