package im.parley.ext.roster;

import im.parley.config.ConfigException;

/**
 * {@code modules.roster}: at most {@code max-items} items per roster (a set past it gets {@code not-allowed}),
 * names of at most {@code max-name-length} characters, at most {@code max-groups} groups per item, each of at most
 * {@code max-group-length} characters (RFC 6121 §2.3.3: "a server-configured limit").
 */
public record RosterConfig(int maxItems, int maxNameLength, int maxGroups, int maxGroupLength) {
    public RosterConfig {
        positive("max-items", maxItems);
        positive("max-name-length", maxNameLength);
        positive("max-groups", maxGroups);
        positive("max-group-length", maxGroupLength);
    }

    public static RosterConfig defaults() {
        return new RosterConfig(1000, 1023, 64, 1023);
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new ConfigException("modules.roster." + key + ": expected a positive number, got " + value);
        }
    }
}
