package im.parley.ext.presence;

import im.parley.storage.RosterItem;
import im.parley.storage.Subscription;
import java.util.Optional;
import org.xmpp.packet.Presence;

/**
 * The subscription state machine of RFC 6121 Appendix A, as pure functions of one roster item: what an outbound
 * subscription stanza does to the sender's item (A.2), and what an inbound one does to the recipient's item (A.3).
 */
public final class SubscriptionStates {
    private SubscriptionStates() {}

    /** The sender's new item and whether the stanza goes on to the contact (A.2). */
    public record Outbound(Optional<RosterItem> item, boolean route) {}

    /**
     * The recipient's new item; whether the stanza is delivered to the recipient's resources; whether the server
     * answers {@code subscribed} on the recipient's behalf (A.3.1, §3.1.3 and §3.4 pre-approval).
     */
    public record Inbound(Optional<RosterItem> item, boolean deliver, boolean autoReplySubscribed) {}

    public static boolean isSubscription(Presence.Type type) {
        return type == Presence.Type.subscribe || type == Presence.Type.subscribed
                || type == Presence.Type.unsubscribe || type == Presence.Type.unsubscribed;
    }

    public static Outbound outbound(String contact, Optional<RosterItem> current, Presence.Type type) {
        RosterItem item = current.orElseGet(() -> RosterItem.of(contact));
        Subscription s = item.subscription();
        return switch (type) {
            // A.2.1: ask for the contact's presence unless we have it already.
            case subscribe -> s == Subscription.TO || s == Subscription.BOTH
                    ? new Outbound(current, true)
                    : new Outbound(Optional.of(item.withPendingOut(true)), true);
            case subscribed -> {
                if (s == Subscription.FROM || s == Subscription.BOTH) {
                    yield new Outbound(current, false); // A.2.2: nothing to approve
                }
                if (item.pendingIn()) {
                    RosterItem approved = item.withSubscription(s == Subscription.TO ? Subscription.BOTH : Subscription.FROM)
                            .withPendingIn(false).withApproved(false);
                    yield new Outbound(Optional.of(approved), true);
                }
                // §3.4: approval before any request is a pre-approval, remembered and not routed.
                yield new Outbound(Optional.of(item.withApproved(true)), false);
            }
            // A.2.3: stop receiving the contact's presence.
            case unsubscribe -> new Outbound(current.map(i -> i.withPendingOut(false)
                    .withSubscription(without(i.subscription(), Subscription.TO))), true);
            // A.2.4: cancel or deny the contact's subscription to us.
            case unsubscribed -> new Outbound(current.map(i -> i.withPendingIn(false).withApproved(false)
                    .withSubscription(without(i.subscription(), Subscription.FROM))), true);
            default -> throw new IllegalArgumentException("not a subscription type: " + type);
        };
    }

    public static Inbound inbound(String sender, Optional<RosterItem> current, Presence.Type type) {
        RosterItem item = current.orElseGet(() -> RosterItem.of(sender));
        Subscription s = item.subscription();
        boolean from = s == Subscription.FROM || s == Subscription.BOTH;
        boolean to = s == Subscription.TO || s == Subscription.BOTH;
        return switch (type) {
            case subscribe -> {
                if (from) {
                    yield new Inbound(current, false, true); // A.3.1: already subscribed, auto-reply
                }
                if (item.approved()) {
                    // §3.4: pre-approved, so the subscription is granted without asking the user.
                    yield new Inbound(Optional.of(item.withSubscription(to ? Subscription.BOTH : Subscription.FROM)
                            .withApproved(false).withPendingIn(false)), false, true);
                }
                if (item.pendingIn()) {
                    yield new Inbound(current, false, false); // A.3.1: a duplicate request is not delivered again
                }
                yield new Inbound(Optional.of(item.withPendingIn(true)), true, false);
            }
            case subscribed -> item.pendingOut() && !to
                    ? new Inbound(Optional.of(item.withPendingOut(false)
                            .withSubscription(from ? Subscription.BOTH : Subscription.TO)), true, false)
                    : new Inbound(current, false, false); // A.3.2: unrequested approval is ignored
            case unsubscribe -> from || item.pendingIn()
                    ? new Inbound(tidy(current, item.withPendingIn(false).withApproved(false)
                            .withSubscription(without(s, Subscription.FROM))), true, false)
                    : new Inbound(current, false, false); // A.3.3
            case unsubscribed -> to || item.pendingOut()
                    ? new Inbound(tidy(current, item.withPendingOut(false)
                            .withSubscription(without(s, Subscription.TO))), true, false)
                    : new Inbound(current, false, false); // A.3.4
            default -> throw new IllegalArgumentException("not a subscription type: " + type);
        };
    }

    /** An item that only recorded an unanswered request (§3.1.3) disappears once the request is withdrawn. */
    private static Optional<RosterItem> tidy(Optional<RosterItem> before, RosterItem after) {
        boolean onlyARequest = before.map(b -> b.subscription() == Subscription.NONE && !b.pendingOut()
                && b.name().isEmpty() && b.groups().isEmpty() && !b.approved()).orElse(false);
        boolean empty = after.subscription() == Subscription.NONE && !after.pendingIn() && !after.pendingOut()
                && !after.approved();
        return onlyARequest && empty ? Optional.empty() : Optional.of(after);
    }

    private static Subscription without(Subscription s, Subscription direction) {
        return switch (s) {
            case BOTH -> direction == Subscription.TO ? Subscription.FROM : Subscription.TO;
            case TO -> direction == Subscription.TO ? Subscription.NONE : Subscription.TO;
            case FROM -> direction == Subscription.FROM ? Subscription.NONE : Subscription.FROM;
            case NONE -> Subscription.NONE;
        };
    }
}
