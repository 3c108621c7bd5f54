package im.parley.storage;

import java.util.List;

/**
 * A user's whole roster with its version (RFC 6121 §2.6: roster versioning). The version grows by one with
 * every change; the core sends it to clients as an opaque string.
 */
public record Roster(long version, List<RosterItem> items) {
    public Roster {
        items = List.copyOf(items);
    }
}
