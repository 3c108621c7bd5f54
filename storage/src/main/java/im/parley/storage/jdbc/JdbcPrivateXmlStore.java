package im.parley.storage.jdbc;

import im.parley.storage.PrivateXmlStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** Private XML in {@code private_xml}, keyed by user, element name and namespace. */
final class JdbcPrivateXmlStore implements PrivateXmlStore {
    private final Transactions tx;

    JdbcPrivateXmlStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<String> find(String username, String element, String namespace) {
        return tx.read("reading private XML " + namespace + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT xml FROM private_xml WHERE username = ? AND element = ? AND namespace = ?")) {
                s.setString(1, username);
                s.setString(2, element);
                s.setString(3, namespace);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(String username, String element, String namespace, String xml) {
        tx.read("storing private XML " + namespace + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(tx.dialect().upsert("private_xml",
                    List.of("username", "element", "namespace"), List.of("xml")))) {
                s.setString(1, username);
                s.setString(2, element);
                s.setString(3, namespace);
                s.setString(4, xml);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean delete(String username, String element, String namespace) {
        return tx.read("deleting private XML " + namespace + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM private_xml WHERE username = ? AND element = ? AND namespace = ?")) {
                s.setString(1, username);
                s.setString(2, element);
                s.setString(3, namespace);
                return s.executeUpdate() > 0;
            }
        });
    }
}
