package im.parley.storage;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node of a user's personal eventing service (XEP-0163) with its configuration (XEP-0060 §16.4: the
 * {@code pubsub#node_config} fields, e.g. {@code pubsub#access_model}, by field var; multi-valued fields are
 * encoded by the core).
 */
public record PepNode(String node, Map<String, String> config) {
    public PepNode {
        Objects.requireNonNull(node, "node");
        config = Map.copyOf(new TreeMap<>(config));
    }
}
