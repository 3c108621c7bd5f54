package im.parley.ext.mam;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users' archiving preferences, kept in memory: the storage SPI has no table for them yet, so a restart brings
 * every user back to the server default ({@code modules.mam.default-mode}). Thread-safe.
 */
final class ArchivePreferences {
    /** What a user who never set preferences gets; one instance, as every archived message asks for both users'. */
    private final ArchivingPrefs defaults;
    private final Map<String, ArchivingPrefs> byUser = new ConcurrentHashMap<>();

    ArchivePreferences(ArchiveDefault serverDefault) {
        this.defaults = ArchivingPrefs.of(serverDefault);
    }

    ArchivingPrefs of(String username) {
        return byUser.getOrDefault(username, defaults);
    }

    void set(String username, ArchivingPrefs prefs) {
        byUser.put(username, prefs);
    }
}
