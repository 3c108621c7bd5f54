package im.parley.storage;

import java.util.Collection;
import java.util.List;

/** Block lists (XEP-0191): the JIDs (full, bare or domain) each user blocks. */
public interface BlockListStore {
    /** The blocked JIDs, sorted. */
    List<String> blocked(String username);

    boolean isBlocked(String username, String jid);

    /** Adds JIDs; those already blocked stay as they are (XEP-0191 §3.3). Returns how many were new. */
    int block(String username, Collection<String> jids);

    /** Removes JIDs; returns how many were blocked. */
    int unblock(String username, Collection<String> jids);

    /** Empties the list (XEP-0191 §3.4, an unblock without items). */
    int unblockAll(String username);
}
