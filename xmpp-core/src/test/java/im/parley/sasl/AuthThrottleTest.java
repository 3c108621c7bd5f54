package im.parley.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.config.AuthConfig;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) { now = now.plus(d); }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    private static final AuthConfig CONFIG = new AuthConfig(4096, true, 3, Duration.ofMinutes(5), Duration.ofSeconds(30));
    private final ManualClock clock = new ManualClock();
    private final AuthThrottle throttle = new AuthThrottle(CONFIG, clock);
    private final InetAddress attacker = InetAddress.getLoopbackAddress();
    private final InetAddress elsewhere = address(192, 0, 2, 7);

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void fail(InetAddress from, String user, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(from, user);
        }
    }

    @Test
    void letsFreeFailuresPassWithoutDelay() {
        // Given
        fail(attacker, "juliet", 3);

        // When / Then
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isZero();
    }

    @Test
    void doublesDelayAfterFreeFailuresUpToMax() {
        // When / Then: 1 s, 2 s, 4 s … capped at 30 s
        fail(attacker, "juliet", 4);
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isEqualTo(Duration.ofSeconds(1));
        fail(attacker, "juliet", 1);
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isEqualTo(Duration.ofSeconds(2));
        fail(attacker, "juliet", 1);
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isEqualTo(Duration.ofSeconds(4));
        fail(attacker, "juliet", 60);
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void throttlesAccountFromAnyAddressAndAddressForAnyAccount() {
        // Given
        fail(attacker, "juliet", 5);

        // When / Then
        assertThat(throttle.delayBeforeAttempt(elsewhere, "juliet")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delayBeforeAttempt(attacker, "romeo")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delayBeforeAttempt(attacker, "")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delayBeforeAttempt(elsewhere, "romeo")).isZero();
    }

    @Test
    void forgetsFailuresAfterTheWindowSoNobodyIsLockedOutForGood() {
        // Given
        fail(attacker, "juliet", 50);

        // When
        clock.advance(Duration.ofMinutes(5));

        // Then
        assertThat(throttle.delayBeforeAttempt(elsewhere, "juliet")).isZero();
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isZero();
    }

    @Test
    void keepsCountingWhileFailuresContinueWithinTheWindow() {
        // Given
        fail(attacker, "juliet", 4);

        // When
        clock.advance(Duration.ofMinutes(4));
        fail(attacker, "juliet", 1);
        clock.advance(Duration.ofMinutes(4));

        // Then
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void successClearsTheCounts() {
        // Given
        fail(attacker, "juliet", 10);

        // When
        throttle.succeeded(attacker, "juliet");

        // Then
        assertThat(throttle.delayBeforeAttempt(attacker, "juliet")).isZero();
    }

    @Test
    void doesNothingWhenDisabled() {
        // Given
        AuthThrottle off = new AuthThrottle(new AuthConfig(4096, false, 3, Duration.ofMinutes(5), Duration.ofSeconds(30)), clock);

        // When
        for (int i = 0; i < 20; i++) {
            off.failed(attacker, "juliet");
        }

        // Then
        assertThat(off.delayBeforeAttempt(attacker, "juliet")).isZero();
    }

    @Test
    void boundsMemoryByEvictingLeastRecentEntries() {
        // Given
        AuthThrottle small = new AuthThrottle(CONFIG, clock, 100);

        // When: a spray of usernames
        for (int i = 0; i < 10_000; i++) {
            small.failed(attacker, "user" + i);
        }

        // Then
        assertThat(small.entries()).isLessThanOrEqualTo(100);
        assertThat(small.delayBeforeAttempt(attacker, "")).isEqualTo(Duration.ofSeconds(30)); // the hot address stays
    }
}
