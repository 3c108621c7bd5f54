package im.parley.storage;

import java.util.Arrays;
import java.util.Objects;

/** A one-time pre-key of an E2EE device (XEP-0384 §5.3.2 {@code <pk/>}, X3DH one-time pre-key). */
public record PreKey(int keyId, byte[] publicKey) {
    public PreKey {
        publicKey = publicKey.clone();
    }

    @Override public byte[] publicKey() { return publicKey.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreKey k && keyId == k.keyId && Arrays.equals(publicKey, k.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return "PreKey[" + keyId + "]";
    }
}
