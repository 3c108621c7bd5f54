package im.parley.storage.jdbc;

import im.parley.storage.VCardStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** vCards in {@code vcard}, one row per user. */
final class JdbcVCardStore implements VCardStore {
    private final Transactions tx;

    JdbcVCardStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<String> find(String username) {
        return tx.read("reading vCard of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT vcard FROM vcard WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(String username, String vcardXml) {
        tx.read("storing vCard of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    tx.dialect().upsert("vcard", List.of("username"), List.of("vcard")))) {
                s.setString(1, username);
                s.setString(2, vcardXml);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean delete(String username) {
        return tx.read("deleting vCard of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM vcard WHERE username = ?")) {
                s.setString(1, username);
                return s.executeUpdate() > 0;
            }
        });
    }
}
