package im.parley.config;

/** A configuration value that cannot be used; the message starts with the key, e.g. "listeners.c2s.port: …". */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    static int port(String key, int value) {
        if (value < 0 || value > 65_535) {
            throw new ConfigException(key + ": expected 0–65535 (0 picks a free port), got " + value);
        }
        return value;
    }

    static int positive(String key, long value) {
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new ConfigException(key + ": expected a positive number, got " + value);
        }
        return (int) value;
    }

    static java.time.Duration positive(String key, java.time.Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(key + ": expected a positive duration, got " + value);
        }
        return value;
    }
}
