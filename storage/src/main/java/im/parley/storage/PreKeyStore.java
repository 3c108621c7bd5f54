package im.parley.storage;

import java.util.List;
import java.util.Optional;

/**
 * End-to-end encryption key material per user and device: the device's long-lived keys and its one-time
 * pre-keys, each of which is handed out once only (X3DH §3.3: a one-time pre-key is deleted once used).
 */
public interface PreKeyStore {
    /** Registers the device or replaces its long-lived keys. */
    void putDevice(String username, DeviceKeys keys);

    Optional<DeviceKeys> device(String username, long deviceId);

    List<DeviceKeys> devices(String username);

    /** Removes the device with all its pre-keys; false if there was none. */
    boolean removeDevice(String username, long deviceId);

    /** Adds one-time pre-keys to a registered device; ids already there are replaced. */
    void addPreKeys(String username, long deviceId, List<PreKey> keys);

    /**
     * Takes one pre-key away, atomically: two concurrent claimants never receive the same key. Empty when the
     * device has none left.
     */
    Optional<PreKey> claim(String username, long deviceId);

    int preKeyCount(String username, long deviceId);
}
