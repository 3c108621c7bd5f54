package im.parley.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A stanza to keep for an offline user (RFC 6121 §8.5.2.2.2).
 *
 * @param username the recipient's account
 * @param from     the sender's JID, as XEP-0013 lists it
 * @param stamp    when the server received it, for the XEP-0203 delay stamp (kept to the microsecond)
 * @param stanza   the whole stanza as XML
 */
public record OfflineEntry(String username, String from, Instant stamp, String stanza) {
    public OfflineEntry {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(from, "from");
        stamp = stamp.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(stanza, "stanza");
    }
}
