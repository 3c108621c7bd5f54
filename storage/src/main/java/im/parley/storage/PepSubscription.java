package im.parley.storage;

import java.util.Objects;

/** A subscription to a PEP node (XEP-0060 §6.1), with its state (XEP-0060 §4.2). */
public record PepSubscription(String owner, String node, String subscriber, State state) {
    public PepSubscription {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(state, "state");
    }

    /** XEP-0060 §4.2: the subscription states. */
    public enum State { NONE, PENDING, UNCONFIGURED, SUBSCRIBED }
}
