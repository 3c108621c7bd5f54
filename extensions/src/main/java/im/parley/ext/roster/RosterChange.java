package im.parley.ext.roster;

import im.parley.storage.RosterItem;
import java.util.Optional;

/**
 * One change of one roster item: {@code after} is empty when the item was removed. {@code version} is the roster's
 * version after the change (RFC 6121 §2.6).
 */
public record RosterChange(String username, String contact, Optional<RosterItem> before, Optional<RosterItem> after,
                           long version) {
    public boolean removed() {
        return after.isEmpty();
    }
}
