package im.parley.ext.roster;

import im.parley.storage.RosterItem;
import org.xmpp.packet.JID;

/**
 * RFC 6121 §2.5.2: removing an item cancels the subscriptions it carried (unsubscribe and unsubscribed to the
 * contact). The presence module does this; the roster module only tells it.
 */
@FunctionalInterface
public interface SubscriptionCancellation {
    void removed(JID user, RosterItem item);

    SubscriptionCancellation NONE = (user, item) -> { };
}
