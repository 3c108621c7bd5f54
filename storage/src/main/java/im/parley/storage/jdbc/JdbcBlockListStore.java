package im.parley.storage.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.parley.storage.BlockListStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntSupplier;

/** Block lists in {@code block_list}, one row per blocked JID. */
final class JdbcBlockListStore implements BlockListStore {
    /** Lists kept in memory; past this, the least used are read again when asked. Most lists are empty. */
    static final int CACHED_LISTS = 10_000;
    /** How long a list is kept: bounds what another process writing block lists in the same database can leave. */
    static final Duration CACHED_FOR = Duration.ofMinutes(1);

    private final Transactions tx;
    /**
     * Lists read lately: every message to a user is checked against the recipient's list (XEP-0191 §3.5), online or
     * not, and a burst to offline users was one query per message. Every write here replaces the entry after it
     * committed, and so does deleting the account ({@link #forget}); a read racing a write cannot put back the old
     * list, because Caffeine's invalidation waits for a load of the same key to finish, then removes its result.
     * Per process: a change made by another process on the same database is seen within {@link #CACHED_FOR}.
     */
    private final Cache<String, List<String>> lists = Caffeine.newBuilder()
            .maximumSize(CACHED_LISTS).expireAfterWrite(CACHED_FOR).build();

    JdbcBlockListStore(Transactions tx) {
        this.tx = tx;
    }

    /** The account is gone (its rows cascaded away): a new account of that name starts with an empty list. */
    void forget(String username) {
        lists.invalidate(username);
    }

    @Override
    public List<String> blocked(String username) {
        return lists.get(username, this::read);
    }

    private List<String> read(String username) {
        return tx.read("reading block list of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT jid FROM block_list WHERE username = ? ORDER BY jid")) {
                s.setString(1, username);
                List<String> jids = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        jids.add(rows.getString(1));
                    }
                }
                return List.copyOf(jids);
            }
        });
    }

    @Override
    public boolean isBlocked(String username, String jid) {
        return blocked(username).contains(jid);
    }

    @Override
    public int block(String username, Collection<String> jids) {
        if (jids.isEmpty()) {
            return 0;
        }
        return changing(username, () -> tx.inTransaction("blocking " + jids.size() + " JIDs for " + username, c -> {
            int added = 0;
            try (PreparedStatement s = c.prepareStatement(
                    tx.dialect().insertIgnoringDuplicates("block_list", List.of("username", "jid")))) {
                for (String jid : jids.stream().distinct().toList()) {
                    s.setString(1, username);
                    s.setString(2, jid);
                    added += s.executeUpdate();
                }
            }
            return added;
        }));
    }

    @Override
    public int unblock(String username, Collection<String> jids) {
        if (jids.isEmpty()) {
            return 0;
        }
        List<String> list = jids.stream().distinct().toList();
        return changing(username, () -> tx.read("unblocking " + list.size() + " JIDs for " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM block_list WHERE username = ? AND jid IN ("
                    + Placeholders.of(list.size()) + ")")) {
                s.setString(1, username);
                for (int i = 0; i < list.size(); i++) {
                    s.setString(i + 2, list.get(i));
                }
                return s.executeUpdate();
            }
        }));
    }

    @Override
    public int unblockAll(String username) {
        return changing(username, () -> tx.read("emptying block list of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM block_list WHERE username = ?")) {
                s.setString(1, username);
                return s.executeUpdate();
            }
        }));
    }

    /** Runs a write to {@code username}'s list, then drops the kept copy, whether the write succeeded or not. */
    private int changing(String username, IntSupplier write) {
        try {
            return write.getAsInt();
        } finally {
            lists.invalidate(username);
        }
    }
}
