package im.parley.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One contact in a user's roster (RFC 6121 §2.1.2).
 *
 * @param contact     bare JID of the contact
 * @param name        the user's handle for the contact
 * @param subscription the subscription state
 * @param pendingOut  an outbound subscription request awaits an answer ({@code ask='subscribe'}, §2.1.2.2)
 * @param pendingIn   an inbound subscription request awaits the user's answer (§3.1.3: the server MUST keep it)
 * @param approved    a subscription pre-approval is in place (§3.4)
 * @param groups      the groups the item belongs to, sorted, without duplicates
 */
public record RosterItem(String contact, Optional<String> name, Subscription subscription, boolean pendingOut,
                         boolean pendingIn, boolean approved, List<String> groups) {
    public RosterItem {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscription, "subscription");
        groups = groups.stream().distinct().sorted().toList();
    }

    /** A fresh item: no subscription, nothing pending, no groups. */
    public static RosterItem of(String contact) {
        return new RosterItem(contact, Optional.empty(), Subscription.NONE, false, false, false, List.of());
    }

    public RosterItem withName(Optional<String> newName) {
        return new RosterItem(contact, newName, subscription, pendingOut, pendingIn, approved, groups);
    }

    public RosterItem withSubscription(Subscription newSubscription) {
        return new RosterItem(contact, name, newSubscription, pendingOut, pendingIn, approved, groups);
    }

    public RosterItem withPendingOut(boolean newPendingOut) {
        return new RosterItem(contact, name, subscription, newPendingOut, pendingIn, approved, groups);
    }

    public RosterItem withPendingIn(boolean newPendingIn) {
        return new RosterItem(contact, name, subscription, pendingOut, newPendingIn, approved, groups);
    }

    public RosterItem withApproved(boolean newApproved) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, newApproved, groups);
    }

    public RosterItem withGroups(List<String> newGroups) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, approved, newGroups);
    }
}
