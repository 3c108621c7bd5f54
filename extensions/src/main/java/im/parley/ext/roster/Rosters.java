package im.parley.ext.roster;

import im.parley.storage.Roster;
import im.parley.storage.RosterItem;
import im.parley.storage.RosterStore;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.xmpp.packet.JID;

/**
 * The rosters of this server's users. While a user is online their roster stays in memory, read once per login
 * ({@link #load}), so that presence broadcasts and probes never go to storage; everyone else's roster is read from
 * and written to storage. Every change of one user's roster runs under that user's lock, so the cached copy and the
 * stored one never diverge, whichever user's executor makes the change (a subscription request changes the
 * contact's roster on the sender's executor). Thread-safe.
 */
public final class Rosters {
    private static final int LOCK_STRIPES = 256;

    private final RosterStore store;
    private final RosterConfig config;
    private final Map<String, Cached> cached = new ConcurrentHashMap<>();
    private final Map<String, Set<JID>> interested = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    /** An immutable copy of one roster, items by contact. */
    private record Cached(long version, Map<String, RosterItem> items) {
        Roster roster() {
            return new Roster(version, List.copyOf(items.values()));
        }

        Cached with(String contact, Optional<RosterItem> item, long newVersion) {
            Map<String, RosterItem> copy = new TreeMap<>(items);
            item.ifPresentOrElse(i -> copy.put(contact, i), () -> copy.remove(contact));
            return new Cached(newVersion, Collections.unmodifiableMap(copy));
        }

        static Cached of(Roster roster) {
            Map<String, RosterItem> items = new TreeMap<>();
            roster.items().forEach(i -> items.put(i.contact(), i));
            return new Cached(roster.version(), Collections.unmodifiableMap(items));
        }
    }

    public Rosters(RosterStore store, RosterConfig config) {
        this.store = store;
        this.config = config;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public RosterConfig config() {
        return config;
    }

    /** Keeps the user's roster in memory from now on (one storage read); call when a session is bound. */
    public void load(String username) {
        locked(username, () -> cached.computeIfAbsent(username, u -> Cached.of(store.roster(u))));
    }

    /** Drops the in-memory copy; call when the user's last session ends. */
    public void unload(String username) {
        locked(username, () -> cached.remove(username));
        interested.remove(username);
    }

    public Roster roster(String username) {
        Cached roster = cached.get(username);
        return roster != null ? roster.roster() : store.roster(username);
    }

    public Optional<RosterItem> item(String username, String contact) {
        Cached roster = cached.get(username);
        return roster != null ? Optional.ofNullable(roster.items().get(contact)) : store.item(username, contact);
    }

    /**
     * Changes one item under the user's lock: {@code change} gets the current item (empty when there is none) and
     * returns the new one (empty to remove it). Returns what changed, or empty when nothing did.
     *
     * @throws RosterFullException when a new item would take the roster past {@code max-items}
     */
    public Optional<RosterChange> update(String username, String contact, UnaryOperator<Optional<RosterItem>> change) {
        return locked(username, () -> {
            Cached roster = cached.get(username);
            Optional<RosterItem> before = roster != null
                    ? Optional.ofNullable(roster.items().get(contact)) : store.item(username, contact);
            Optional<RosterItem> after = change.apply(before);
            if (after.equals(before)) {
                return Optional.<RosterChange>empty();
            }
            long version;
            if (after.isEmpty()) {
                OptionalLong removed = store.remove(username, contact);
                if (removed.isEmpty()) {
                    return Optional.<RosterChange>empty();
                }
                version = removed.getAsLong();
            } else {
                if (before.isEmpty()) {
                    int size = roster != null ? roster.items().size() : store.roster(username).items().size();
                    if (size >= config.maxItems()) {
                        throw new RosterFullException(username, config.maxItems());
                    }
                }
                version = store.put(username, after.get());
            }
            if (roster != null) {
                cached.put(username, roster.with(contact, after, version));
            }
            return Optional.of(new RosterChange(username, contact, before, after, version));
        });
    }

    /** RFC 6121 §2.2: a resource that requested the roster is "interested" and gets roster pushes. */
    public void interested(JID fullJid) {
        interested.computeIfAbsent(fullJid.getNode(), u -> ConcurrentHashMap.newKeySet()).add(fullJid);
    }

    public void notInterested(JID fullJid) {
        interested.computeIfPresent(fullJid.getNode(), (u, set) -> {
            set.remove(fullJid);
            return set.isEmpty() ? null : set;
        });
    }

    public List<JID> interestedResources(String username) {
        Set<JID> resources = interested.get(username);
        return resources == null ? List.of() : List.copyOf(resources);
    }

    private <T> T locked(String username, java.util.function.Supplier<T> work) {
        int h = username.hashCode();
        ReentrantLock lock = locks[(h ^ (h >>> 16)) & (LOCK_STRIPES - 1)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
