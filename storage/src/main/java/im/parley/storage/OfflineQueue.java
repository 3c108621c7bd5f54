package im.parley.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Stanzas kept for users who are offline (RFC 6121 §8.5.2.2.2, XEP-0160), in arrival order. A stanza stays
 * queued until the core has handed it to a session; a session that ends before its client acknowledged it (XEP-0198)
 * stores it again.
 */
public interface OfflineQueue {
    /** Stores one stanza, committed on return when the result is {@link OfflineStoreResult#STORED}. */
    OfflineStoreResult store(OfflineEntry entry);

    /**
     * Stores a batch in one transaction; the results are in the order of the entries. Entries past a user's
     * limit are refused one by one, the others are kept.
     */
    List<OfflineStoreResult> storeAll(List<OfflineEntry> entries);

    /** The user's whole queue, oldest first, read with one query; nothing is removed. */
    List<OfflineMessage> fetch(String username);

    /** Removes every queued stanza up to and including {@code throughId} (after the client acknowledged them). */
    default int removeThrough(String username, long throughId) {
        return removeThroughAll(Map.of(username, throughId));
    }

    /**
     * {@link #removeThrough} for several accounts in one transaction (username → the last delivered id); returns how
     * many stanzas were removed in all.
     */
    int removeThroughAll(Map<String, Long> throughIds);

    /** Removes the given stanzas (XEP-0013 removal of single messages). */
    int remove(String username, Collection<Long> ids);

    int count(String username);

    /** The most stanzas one user's queue holds. */
    int limit();
}
