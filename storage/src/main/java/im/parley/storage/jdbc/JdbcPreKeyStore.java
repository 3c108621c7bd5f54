package im.parley.storage.jdbc;

import im.parley.storage.DeviceKeys;
import im.parley.storage.PreKey;
import im.parley.storage.PreKeyStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * E2EE keys in {@code e2ee_device} and {@code e2ee_pre_key}. A claim deletes the key it returns in the same
 * statement (PostgreSQL) or under a row lock (H2), so no key is ever handed out twice.
 */
final class JdbcPreKeyStore implements PreKeyStore {
    private static final String DEVICE_COLUMNS =
            "device_id, identity_key, signed_pre_key_id, signed_pre_key, signature";
    /** SKIP LOCKED: concurrent claimants take different keys instead of queueing behind one row. */
    private static final String OLDEST_UNLOCKED_KEY = "SELECT key_id FROM e2ee_pre_key"
            + " WHERE username = ? AND device_id = ? ORDER BY key_id LIMIT 1 FOR UPDATE SKIP LOCKED";

    private final Transactions tx;

    JdbcPreKeyStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void putDevice(String username, DeviceKeys keys) {
        tx.read("storing keys of device " + keys.deviceId() + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(tx.dialect().upsert("e2ee_device",
                    List.of("username", "device_id"),
                    List.of("identity_key", "signed_pre_key_id", "signed_pre_key", "signature")))) {
                s.setString(1, username);
                s.setLong(2, keys.deviceId());
                s.setBytes(3, keys.identityKey());
                s.setInt(4, keys.signedPreKeyId());
                s.setBytes(5, keys.signedPreKey());
                s.setBytes(6, keys.signature());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<DeviceKeys> device(String username, long deviceId) {
        return tx.read("reading keys of device " + deviceId + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + DEVICE_COLUMNS
                    + " FROM e2ee_device WHERE username = ? AND device_id = ?")) {
                s.setString(1, username);
                s.setLong(2, deviceId);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(readDevice(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<DeviceKeys> devices(String username) {
        return tx.read("listing devices of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + DEVICE_COLUMNS
                    + " FROM e2ee_device WHERE username = ? ORDER BY device_id")) {
                s.setString(1, username);
                List<DeviceKeys> devices = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        devices.add(readDevice(rows));
                    }
                }
                return devices;
            }
        });
    }

    @Override
    public boolean removeDevice(String username, long deviceId) {
        return tx.read("removing device " + deviceId + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM e2ee_device WHERE username = ? AND device_id = ?")) {
                s.setString(1, username);
                s.setLong(2, deviceId);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void addPreKeys(String username, long deviceId, List<PreKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        tx.inTransaction("adding " + keys.size() + " pre-keys to device " + deviceId + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(tx.dialect().upsert("e2ee_pre_key",
                    List.of("username", "device_id", "key_id"), List.of("public_key")))) {
                for (PreKey key : keys) {
                    s.setString(1, username);
                    s.setLong(2, deviceId);
                    s.setInt(3, key.keyId());
                    s.setBytes(4, key.publicKey());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<PreKey> claim(String username, long deviceId) {
        return tx.inTransaction("claiming a pre-key of device " + deviceId + " of " + username,
                c -> switch (tx.dialect()) {
                    case POSTGRESQL -> deleteReturning(c, username, deviceId);
                    case H2 -> lockThenDelete(c, username, deviceId);
                });
    }

    /** One round trip: the row the sub-select locked is the row deleted and returned. */
    private static Optional<PreKey> deleteReturning(Connection c, String username, long deviceId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM e2ee_pre_key WHERE username = ?"
                + " AND device_id = ? AND key_id = (" + OLDEST_UNLOCKED_KEY + ") RETURNING key_id, public_key")) {
            s.setString(1, username);
            s.setLong(2, deviceId);
            s.setString(3, username);
            s.setLong(4, deviceId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(new PreKey(rows.getInt(1), rows.getBytes(2))) : Optional.empty();
            }
        }
    }

    /**
     * H2 has no DELETE … RETURNING: lock one key, read it, delete it, all in the caller's transaction. H2 applies
     * the LIMIT before skipping locked rows, so a claimant racing others can find nothing while keys remain: it
     * tries again until it gets a key or none is left.
     */
    private static Optional<PreKey> lockThenDelete(Connection c, String username, long deviceId)
            throws SQLException {
        Optional<PreKey> key = lockAndDeleteOldestUnlocked(c, username, deviceId);
        while (key.isEmpty() && anyKeyLeft(c, username, deviceId)) {
            key = lockAndDeleteOldestUnlocked(c, username, deviceId);
        }
        return key;
    }

    private static boolean anyKeyLeft(Connection c, String username, long deviceId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM e2ee_pre_key WHERE username = ? AND device_id = ? LIMIT 1")) {
            s.setString(1, username);
            s.setLong(2, deviceId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Optional<PreKey> lockAndDeleteOldestUnlocked(Connection c, String username, long deviceId)
            throws SQLException {
        Optional<PreKey> key;
        try (PreparedStatement s = c.prepareStatement("SELECT key_id, public_key FROM e2ee_pre_key"
                + " WHERE username = ? AND device_id = ? ORDER BY key_id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            s.setString(1, username);
            s.setLong(2, deviceId);
            try (ResultSet rows = s.executeQuery()) {
                key = rows.next() ? Optional.of(new PreKey(rows.getInt(1), rows.getBytes(2))) : Optional.empty();
            }
        }
        if (key.isPresent()) {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM e2ee_pre_key WHERE username = ? AND device_id = ? AND key_id = ?")) {
                s.setString(1, username);
                s.setLong(2, deviceId);
                s.setInt(3, key.get().keyId());
                if (s.executeUpdate() != 1) {
                    return Optional.empty(); // cannot happen under our lock; never hand out a key we did not delete
                }
            }
        }
        return key;
    }

    @Override
    public int preKeyCount(String username, long deviceId) {
        return tx.read("counting pre-keys of device " + deviceId + " of " + username, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*) FROM e2ee_pre_key WHERE username = ? AND device_id = ?")) {
                s.setString(1, username);
                s.setLong(2, deviceId);
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    private static DeviceKeys readDevice(ResultSet rows) throws SQLException {
        return new DeviceKeys(rows.getLong("device_id"), rows.getBytes("identity_key"),
                rows.getInt("signed_pre_key_id"), rows.getBytes("signed_pre_key"), rows.getBytes("signature"));
    }
}
