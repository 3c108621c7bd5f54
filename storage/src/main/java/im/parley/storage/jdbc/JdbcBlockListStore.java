package im.parley.storage.jdbc;

import im.parley.storage.BlockListStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Block lists in {@code block_list}, one row per blocked JID. */
final class JdbcBlockListStore implements BlockListStore {
    private final Transactions tx;

    JdbcBlockListStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public List<String> blocked(String username) {
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
                return jids;
            }
        });
    }

    @Override
    public boolean isBlocked(String username, String jid) {
        return tx.read("checking block list of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM block_list WHERE username = ? AND jid = ?")) {
                s.setString(1, username);
                s.setString(2, jid);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public int block(String username, Collection<String> jids) {
        if (jids.isEmpty()) {
            return 0;
        }
        return tx.inTransaction("blocking " + jids.size() + " JIDs for " + username, c -> {
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
        });
    }

    @Override
    public int unblock(String username, Collection<String> jids) {
        if (jids.isEmpty()) {
            return 0;
        }
        List<String> list = jids.stream().distinct().toList();
        return tx.read("unblocking " + list.size() + " JIDs for " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM block_list WHERE username = ? AND jid IN ("
                    + Placeholders.of(list.size()) + ")")) {
                s.setString(1, username);
                for (int i = 0; i < list.size(); i++) {
                    s.setString(i + 2, list.get(i));
                }
                return s.executeUpdate();
            }
        });
    }

    @Override
    public int unblockAll(String username) {
        return tx.read("emptying block list of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM block_list WHERE username = ?")) {
                s.setString(1, username);
                return s.executeUpdate();
            }
        });
    }
}
