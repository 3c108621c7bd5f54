package im.parley.config;

import java.time.Duration;

/**
 * SASL settings. {@code scramIterations} for newly stored credentials (RFC 7677 §4 asks for at least 4096).
 * Failed attempts are throttled per remote address and per account: after {@code freeFailures} failures within
 * {@code failureWindow}, each further attempt waits, doubling up to {@code maxDelay}; the count forgets after the
 * window, so nobody can lock a user out for good. {@code throttle: false} lifts it (load tests).
 */
public record AuthConfig(int scramIterations, boolean throttle, int freeFailures, Duration failureWindow, Duration maxDelay) {
    public AuthConfig {
        if (scramIterations < 4096) {
            throw new ConfigException("auth.scram-iterations: expected at least 4096 (RFC 7677), got " + scramIterations);
        }
        ConfigException.positive("auth.free-failures", freeFailures);
        ConfigException.positive("auth.failure-window", failureWindow);
        ConfigException.positive("auth.max-delay", maxDelay);
    }

    public static AuthConfig defaults() {
        return new AuthConfig(4096, true, 3, Duration.ofMinutes(5), Duration.ofSeconds(30));
    }
}
