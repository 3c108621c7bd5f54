package im.parley.storage;

import java.time.Instant;

/** A queued offline stanza as read back; {@code id} orders a user's queue and is what {@link OfflineQueue#remove} takes. */
public record OfflineMessage(long id, String from, Instant stamp, String stanza) {
}
