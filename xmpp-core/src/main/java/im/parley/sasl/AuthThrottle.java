package im.parley.sasl;

import im.parley.config.AuthConfig;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing (RFC 6120 §13.8 asks servers to resist dictionary attacks), per remote address and
 * per account: after {@code freeFailures} failures within {@code failureWindow}, each further attempt waits 1 s,
 * 2 s, 4 s… up to {@code maxDelay}. A count is forgotten once its last failure is a window old, so nobody can lock
 * an account for good, and memory is bounded by evicting the least recently touched entries. Thread-safe.
 */
public final class AuthThrottle {
    static final Duration BASE_DELAY = Duration.ofSeconds(1);
    static final int DEFAULT_MAX_ENTRIES = 100_000;

    private record Failures(int count, Instant last) {
    }

    private final AuthConfig config;
    private final Clock clock;
    private final Map<String, Failures> failures;

    public AuthThrottle(AuthConfig config, Clock clock) {
        this(config, clock, DEFAULT_MAX_ENTRIES);
    }

    AuthThrottle(AuthConfig config, Clock clock, int maxEntries) {
        this.config = config;
        this.clock = clock;
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * How long to wait before answering this attempt. Pass the prepared username, or "" while it is not yet known
     * (only the address then counts).
     */
    public Duration delayBeforeAttempt(InetAddress address, String username) {
        if (!config.throttle()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        synchronized (failures) {
            Duration byAddress = delay(addressKey(address), now);
            Duration byAccount = username.isEmpty() ? Duration.ZERO : delay(accountKey(username), now);
            return byAddress.compareTo(byAccount) >= 0 ? byAddress : byAccount;
        }
    }

    public void failed(InetAddress address, String username) {
        if (!config.throttle()) {
            return;
        }
        Instant now = clock.instant();
        synchronized (failures) {
            record(addressKey(address), now);
            if (!username.isEmpty()) {
                record(accountKey(username), now);
            }
        }
    }

    public void succeeded(InetAddress address, String username) {
        synchronized (failures) {
            failures.remove(addressKey(address));
            failures.remove(accountKey(username));
        }
    }

    int entries() {
        synchronized (failures) {
            return failures.size();
        }
    }

    private Duration delay(String key, Instant now) {
        Failures f = current(key, now);
        int over = f == null ? 0 : f.count() - config.freeFailures();
        if (over <= 0) {
            return Duration.ZERO;
        }
        // 1 s · 2^(over-1), without overflowing for long runs of failures.
        Duration delay = over > 30 ? config.maxDelay() : BASE_DELAY.multipliedBy(1L << (over - 1));
        return delay.compareTo(config.maxDelay()) > 0 ? config.maxDelay() : delay;
    }

    private void record(String key, Instant now) {
        Failures f = current(key, now);
        failures.put(key, new Failures(f == null ? 1 : f.count() + 1, now));
    }

    private Failures current(String key, Instant now) {
        Failures f = failures.get(key);
        if (f != null && !now.isBefore(f.last().plus(config.failureWindow()))) {
            failures.remove(key);
            return null;
        }
        return f;
    }

    private static String addressKey(InetAddress address) {
        return "ip:" + address.getHostAddress();
    }

    private static String accountKey(String username) {
        return "user:" + username;
    }
}
