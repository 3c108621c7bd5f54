package im.parley.ext.register;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts account-creation attempts per remote address in fixed windows that start with an address's first attempt.
 * Memory is bounded: past {@code maxTracked} addresses the least recently seen one is forgotten, which only helps
 * an attacker who already controls that many addresses. Thread-safe.
 */
final class RegistrationThrottle {
    static final int DEFAULT_MAX_TRACKED = 10_000;

    private final int maxPerWindow;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows;

    RegistrationThrottle(int maxPerWindow, Duration window, Clock clock) {
        this(maxPerWindow, window, clock, DEFAULT_MAX_TRACKED);
    }

    RegistrationThrottle(int maxPerWindow, Duration window, Clock clock, int maxTracked) {
        this.maxPerWindow = maxPerWindow;
        this.window = window;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** Takes one attempt from this address's allowance; false when it has none left in the current window. */
    synchronized boolean tryAcquire(InetSocketAddress remote) {
        String key = key(remote);
        Instant now = clock.instant();
        Window current = windows.get(key);
        if (current == null || !now.isBefore(current.start().plus(window))) {
            current = new Window(now, 0);
        }
        if (current.attempts() >= maxPerWindow) {
            return false;
        }
        windows.put(key, new Window(current.start(), current.attempts() + 1));
        return true;
    }

    synchronized int trackedAddresses() {
        return windows.size();
    }

    /** IPv4 by address; IPv6 by /64, since one subscriber usually holds a whole /64 (RFC 6177). */
    static String key(InetSocketAddress remote) {
        InetAddress address = remote.getAddress();
        if (address == null) {
            return remote.getHostString();
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        }
        return address.getHostAddress();
    }

    private record Window(Instant start, int attempts) {}
}
