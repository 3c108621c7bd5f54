package im.parley.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * The long-lived public keys of one E2EE device (XEP-0384 §5.3.2 bundle without its one-time pre-keys):
 * identity key and signed pre-key with its signature.
 */
public record DeviceKeys(long deviceId, byte[] identityKey, int signedPreKeyId, byte[] signedPreKey,
                         byte[] signature) {
    public DeviceKeys {
        identityKey = identityKey.clone();
        signedPreKey = signedPreKey.clone();
        signature = signature.clone();
    }

    @Override public byte[] identityKey() { return identityKey.clone(); }
    @Override public byte[] signedPreKey() { return signedPreKey.clone(); }
    @Override public byte[] signature() { return signature.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceKeys d && deviceId == d.deviceId && signedPreKeyId == d.signedPreKeyId
                && Arrays.equals(identityKey, d.identityKey) && Arrays.equals(signedPreKey, d.signedPreKey)
                && Arrays.equals(signature, d.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, signedPreKeyId, Arrays.hashCode(identityKey));
    }

    @Override
    public String toString() {
        return "DeviceKeys[" + deviceId + ", signedPreKeyId=" + signedPreKeyId + "]";
    }
}
