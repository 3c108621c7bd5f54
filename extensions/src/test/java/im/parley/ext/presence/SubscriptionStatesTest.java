package im.parley.ext.presence;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.storage.RosterItem;
import im.parley.storage.Subscription;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xmpp.packet.Presence;

/**
 * RFC 6121 Appendix A, row by row. A state is written as in the RFC: None, None+PendingOut, None+PendingIn,
 * None+PendingOut+PendingIn, To, To+PendingIn, From, From+PendingOut, Both; "-" is "no roster item".
 */
class SubscriptionStatesTest {
    private static final String CONTACT = "romeo@example.net";

    @ParameterizedTest(name = "A.2 outbound {1} in state {0} -> {2}, route={3}")
    @CsvSource({
            // A.2.1 subscribe
            "None, subscribe, None+PendingOut, true",
            "None+PendingIn, subscribe, None+PendingOut+PendingIn, true",
            "To, subscribe, To, true",
            "From, subscribe, From+PendingOut, true",
            "Both, subscribe, Both, true",
            "-, subscribe, None+PendingOut, true",
            // A.2.2 subscribed
            "None+PendingIn, subscribed, From, true",
            "None+PendingOut+PendingIn, subscribed, From+PendingOut, true",
            "To+PendingIn, subscribed, Both, true",
            "From, subscribed, From, false",
            "Both, subscribed, Both, false",
            "None, subscribed, None+Approved, false",
            // A.2.3 unsubscribe
            "None+PendingOut, unsubscribe, None, true",
            "To, unsubscribe, None, true",
            "Both, unsubscribe, From, true",
            "From+PendingOut, unsubscribe, From, true",
            // A.2.4 unsubscribed
            "None+PendingIn, unsubscribed, None, true",
            "From, unsubscribed, None, true",
            "Both, unsubscribed, To, true",
            "To+PendingIn, unsubscribed, To, true",
    })
    void outboundSubscriptionStanzas_rfc6121_A_2(String state, String type, String expected, boolean route) {
        // Given the user's item for the contact
        Optional<RosterItem> current = item(state);

        // When the user sends the subscription stanza
        SubscriptionStates.Outbound outcome = SubscriptionStates.outbound(CONTACT, current, Presence.Type.valueOf(type));

        // Then the item and the routing decision are the table's
        assertThat(outcome.item()).isEqualTo(item(expected));
        assertThat(outcome.route()).isEqualTo(route);
    }

    @ParameterizedTest(name = "A.3 inbound {1} in state {0} -> {2}, deliver={3}, auto-reply={4}")
    @CsvSource({
            // A.3.1 subscribe
            "-, subscribe, None+PendingIn, true, false",
            "None, subscribe, None+PendingIn, true, false",
            "None+PendingOut, subscribe, None+PendingOut+PendingIn, true, false",
            "None+PendingIn, subscribe, None+PendingIn, false, false",
            "To, subscribe, To+PendingIn, true, false",
            "From, subscribe, From, false, true",
            "Both, subscribe, Both, false, true",
            "None+Approved, subscribe, From, false, true",
            // A.3.2 subscribed
            "None, subscribed, None, false, false",
            "None+PendingOut, subscribed, To, true, false",
            "None+PendingOut+PendingIn, subscribed, To+PendingIn, true, false",
            "From+PendingOut, subscribed, Both, true, false",
            "To, subscribed, To, false, false",
            "Both, subscribed, Both, false, false",
            // A.3.3 unsubscribe
            "None, unsubscribe, None, false, false",
            "None+PendingIn, unsubscribe, -, true, false", // a request-only item goes (§3.1.3)
            "To+PendingIn, unsubscribe, To, true, false",
            "From, unsubscribe, None, true, false",
            "Both, unsubscribe, To, true, false",
            // A.3.4 unsubscribed
            "None, unsubscribed, None, false, false",
            "None+PendingOut, unsubscribed, None, true, false",
            "To, unsubscribed, None, true, false",
            "From+PendingOut, unsubscribed, From, true, false",
            "Both, unsubscribed, From, true, false",
    })
    void inboundSubscriptionStanzas_rfc6121_A_3(String state, String type, String expected, boolean deliver,
                                                 boolean autoReply) {
        // Given the recipient's item for the sender
        Optional<RosterItem> current = item(state);

        // When the subscription stanza arrives
        SubscriptionStates.Inbound outcome = SubscriptionStates.inbound(CONTACT, current, Presence.Type.valueOf(type));

        // Then
        assertThat(outcome.item()).isEqualTo(item(expected));
        assertThat(outcome.deliver()).isEqualTo(deliver);
        assertThat(outcome.autoReplySubscribed()).isEqualTo(autoReply);
    }

    @org.junit.jupiter.api.Test
    void aWithdrawnRequestLeavesNoItemBehind_rfc6121_3_1_3() {
        // Given an item that only records an unanswered request (created by an inbound subscribe)
        Optional<RosterItem> requestOnly = SubscriptionStates.inbound(CONTACT, Optional.empty(), Presence.Type.subscribe).item();

        // When the requester withdraws it
        SubscriptionStates.Inbound outcome = SubscriptionStates.inbound(CONTACT, requestOnly, Presence.Type.unsubscribe);

        // Then the roster is as before the request
        assertThat(outcome.item()).isEmpty();
    }

    /** "None+PendingIn" style names to items; "-" is no item; "Approved" marks a pre-approval (§3.4). */
    static Optional<RosterItem> item(String state) {
        if (state.equals("-")) {
            return Optional.empty();
        }
        String[] parts = state.split("\\+");
        RosterItem item = RosterItem.of(CONTACT).withSubscription(Subscription.valueOf(parts[0].toUpperCase()));
        for (int i = 1; i < parts.length; i++) {
            item = switch (parts[i]) {
                case "PendingOut" -> item.withPendingOut(true);
                case "PendingIn" -> item.withPendingIn(true);
                case "Approved" -> item.withApproved(true);
                default -> throw new IllegalArgumentException(parts[i]);
            };
        }
        return Optional.of(item);
    }
}
