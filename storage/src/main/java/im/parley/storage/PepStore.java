package im.parley.storage;

import java.util.List;
import java.util.Optional;

/** Personal eventing (XEP-0163): each user's nodes, their items and subscriptions. */
public interface PepStore {
    /** Creates the node or replaces its configuration. */
    void putNode(String owner, PepNode node);

    Optional<PepNode> node(String owner, String node);

    List<PepNode> nodes(String owner);

    /** Deletes the node with its items and subscriptions; false if there was none. */
    boolean deleteNode(String owner, String node);

    /**
     * Publishes an item to an existing node (XEP-0060 §7.1): an item with the same id is replaced and becomes
     * the newest; past {@code maxItems} the oldest items are removed (XEP-0060 §7.1.2 {@code pubsub#max_items}).
     */
    void publish(String owner, String node, PepItem item, int maxItems);

    /** The newest {@code max} items, oldest first. */
    List<PepItem> items(String owner, String node, int max);

    Optional<PepItem> item(String owner, String node, String itemId);

    /** Retracts one item (XEP-0060 §7.2); false if there was none. */
    boolean retract(String owner, String node, String itemId);

    /** Removes every item of the node (XEP-0060 §8.5); returns how many. */
    int purge(String owner, String node);

    /** Adds or updates a subscription to an existing node. */
    void subscribe(PepSubscription subscription);

    boolean unsubscribe(String owner, String node, String subscriber);

    List<PepSubscription> subscriptions(String owner, String node);

    /** Every subscription the subscriber holds, on any owner's nodes (XEP-0060 §5.6). */
    List<PepSubscription> subscriptionsOf(String subscriber);
}
