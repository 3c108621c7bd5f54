package im.parley.storage;

import java.util.Optional;
import java.util.OptionalLong;

/** Rosters (RFC 6121 §2): the items of each user and one version number per roster. */
public interface RosterStore {
    /** The whole roster, items sorted by contact; an account without items has version 0 and no items. */
    Roster roster(String username);

    Optional<RosterItem> item(String username, String contact);

    /** Adds or replaces the item for its contact; returns the roster's new version. */
    long put(String username, RosterItem item);

    /** Removes the item; the roster's new version, or empty when there was no such item (version unchanged). */
    OptionalLong remove(String username, String contact);

    long version(String username);
}
