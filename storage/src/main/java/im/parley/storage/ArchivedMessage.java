package im.parley.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One message in a user's archive (XEP-0313).
 *
 * @param id        the archive id, also the XEP-0359 {@code <stanza-id/>} the server stamped; unique per owner
 * @param owner     the account whose archive this is
 * @param timestamp when the server handled it (kept to the microsecond)
 * @param peer      bare JID of the other party, what the MAM {@code with} field matches
 * @param direction sent or received by the owner
 * @param stanza    the whole message stanza as XML
 */
public record ArchivedMessage(String id, String owner, Instant timestamp, String peer, Direction direction,
                              String stanza) {
    public ArchivedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        timestamp = timestamp.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(stanza, "stanza");
    }
}
