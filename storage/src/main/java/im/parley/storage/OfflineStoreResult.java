package im.parley.storage;

/** What happened to one stanza offered to the {@link OfflineQueue}. */
public enum OfflineStoreResult {
    /** Committed: the core may now acknowledge the stanza to its sender. */
    STORED,
    /**
     * The user's queue holds its limit already; nothing queued was dropped. The core answers the sender with
     * {@code service-unavailable} (RFC 6121 §8.5.2.2.1, XEP-0160 §3).
     */
    QUEUE_FULL,
    /** There is no such account; the core answers {@code service-unavailable} too (RFC 6121 §8.5.2.1.1). */
    NO_SUCH_USER
}
