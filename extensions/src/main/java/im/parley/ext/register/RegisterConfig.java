package im.parley.ext.register;

import im.parley.config.ConfigException;
import java.time.Duration;

/**
 * {@code modules.register}. {@code enabled}: whether new accounts may be created in-band (XEP-0077 §3.1); logged-in
 * users keep password change and account removal unless the whole module is listed in {@code modules.disabled}.
 * At most {@code max-per-window} creation attempts (successful or conflicting) per remote address
 * (per /64 for IPv6) in each {@code window}; {@code throttle: false} lifts that limit (load tests, trusted networks).
 */
public record RegisterConfig(boolean enabled, boolean throttle, int maxPerWindow, Duration window) {
    public RegisterConfig {
        if (maxPerWindow <= 0) {
            throw new ConfigException("modules.register.max-per-window: expected a positive number, got " + maxPerWindow);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new ConfigException("modules.register.window: expected a positive duration, got " + window);
        }
    }

    public static RegisterConfig defaults() {
        return new RegisterConfig(true, true, 5, Duration.ofHours(1));
    }
}
