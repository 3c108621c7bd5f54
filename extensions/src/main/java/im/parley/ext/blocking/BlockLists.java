package im.parley.ext.blocking;

import im.parley.module.NotInMemoryException;
import im.parley.storage.BlockListStore;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xmpp.packet.JID;

/**
 * Every user's blocked JIDs, read from the memory copy for users who are online. Thread-safe: a list is read on
 * any sender's executor and changed only on its owner's. Sets are immutable and replaced whole.
 */
final class BlockLists {
    private final BlockListStore store;
    private final Map<String, Set<String>> online = new ConcurrentHashMap<>();

    BlockLists(BlockListStore store) {
        this.store = store;
    }

    /** The blocked JIDs of {@code username}: from memory while the user is online, else from storage. */
    Set<String> of(String username) {
        Set<String> cached = online.get(username);
        return cached != null ? cached : Set.copyOf(store.blocked(username));
    }

    /** Keeps the list in memory (a resource of the user bound). */
    void load(String username) {
        online.put(username, Set.copyOf(store.blocked(username)));
    }

    /** Drops the memory copy (the user's last resource ended). */
    void forget(String username) {
        online.remove(username);
    }

    /** Whether {@code username} blocks {@code sender}, by the XEP-0016 §2.1 matching order. */
    boolean blocks(String username, JID sender) {
        Set<String> blocked = of(username);
        return !blocked.isEmpty() && matches(blocked, sender);
    }

    /**
     * {@link #blocks} from the memory copy alone, for an event loop (ADR 015); throws {@link NotInMemoryException} when
     * the user's list is not held (the user went offline since the caller asked {@link #cached}).
     */
    boolean blocksFromMemory(String username, JID sender) {
        Set<String> blocked = online.get(username);
        if (blocked == null) {
            throw new NotInMemoryException("the block list of " + username + " is not in memory");
        }
        return !blocked.isEmpty() && matches(blocked, sender);
    }

    static boolean matches(Set<String> blocked, JID jid) {
        String domain = jid.getDomain();
        String resource = jid.getResource();
        if (blocked.contains(domain) || (resource != null && blocked.contains(domain + "/" + resource))) {
            return true;
        }
        if (jid.getNode() == null) {
            return false;
        }
        return blocked.contains(jid.toBareJID()) || (resource != null && blocked.contains(jid.toFullJID()));
    }

    int block(String username, Collection<String> jids) {
        int added = store.block(username, jids);
        refresh(username);
        return added;
    }

    int unblock(String username, Collection<String> jids) {
        int removed = store.unblock(username, jids);
        refresh(username);
        return removed;
    }

    /** Empties the list; returns the JIDs that were blocked. */
    Set<String> unblockAll(String username) {
        Set<String> before = Set.copyOf(store.blocked(username));
        store.unblockAll(username);
        refresh(username);
        return before;
    }

    /** Re-reads a list after a change, when it is held in memory (its owner is online). */
    private void refresh(String username) {
        online.computeIfPresent(username, (u, old) -> Set.copyOf(store.blocked(u)));
    }

    Optional<Set<String>> cached(String username) {
        return Optional.ofNullable(online.get(username));
    }
}
