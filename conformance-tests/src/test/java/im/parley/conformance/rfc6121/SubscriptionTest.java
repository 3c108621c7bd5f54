package im.parley.conformance.rfc6121;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import im.parley.dist.ParleyConfig;
import im.parley.ext.ModulesConfig;
import im.parley.ext.presence.PresenceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxmpp.jid.BareJid;

/**
 * RFC 6121 §3 and Appendix A: the subscription state machine driven end to end by two real clients, a user and a
 * contact, both online. The user's state is observed the way a client can: 'subscription' and 'ask' from the roster,
 * and "Pending In" from whether a fresh resource of the user gets the contact's request again at login (§3.1.3).
 */
@ParleyServer(config = SubscriptionTest.FewRequests.class)
class SubscriptionTest {
    /** {@code modules.presence.max-subscription-requests-per-minute} for this class. */
    static final int MAX_REQUESTS_PER_MINUTE = 5;

    /** Few subscription requests per recipient and minute, so that a flood is short. */
    public static final class FewRequests implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            ModulesConfig m = defaults.modules();
            return new ParleyConfig(defaults.server(), defaults.storage(), new ModulesConfig(m.disabled(), m.ping(),
                    m.version(), m.register(), m.roster(), new PresenceConfig(MAX_REQUESTS_PER_MINUTE), m.vcard(),
                    m.privateXml()));
        }
    }

    enum Side { USER, CONTACT }

    private record Step(Side sender, Presence.Type type) {}

    /** The states of RFC 6121 Appendix A.1, each with the stanzas that lead there from "None". */
    enum State {
        NONE("none", false, false),
        NONE_PENDING_OUT("none", true, false, new Step(Side.USER, Presence.Type.subscribe)),
        NONE_PENDING_IN("none", false, true, new Step(Side.CONTACT, Presence.Type.subscribe)),
        NONE_PENDING_OUT_IN("none", true, true, new Step(Side.USER, Presence.Type.subscribe),
                new Step(Side.CONTACT, Presence.Type.subscribe)),
        TO("to", false, false, new Step(Side.USER, Presence.Type.subscribe), new Step(Side.CONTACT, Presence.Type.subscribed)),
        TO_PENDING_IN("to", false, true, new Step(Side.USER, Presence.Type.subscribe),
                new Step(Side.CONTACT, Presence.Type.subscribed), new Step(Side.CONTACT, Presence.Type.subscribe)),
        FROM("from", false, false, new Step(Side.CONTACT, Presence.Type.subscribe), new Step(Side.USER, Presence.Type.subscribed)),
        FROM_PENDING_OUT("from", true, false, new Step(Side.CONTACT, Presence.Type.subscribe),
                new Step(Side.USER, Presence.Type.subscribed), new Step(Side.USER, Presence.Type.subscribe)),
        BOTH("both", false, false, new Step(Side.USER, Presence.Type.subscribe), new Step(Side.CONTACT, Presence.Type.subscribed),
                new Step(Side.CONTACT, Presence.Type.subscribe), new Step(Side.USER, Presence.Type.subscribed));

        final Observed observed;
        final List<Step> setup;

        State(String subscription, boolean pendingOut, boolean pendingIn, Step... setup) {
            this.observed = new Observed(subscription, pendingOut, pendingIn);
            this.setup = List.of(setup);
        }
    }

    /** What a client can see of the user's state for the contact. */
    record Observed(String subscription, boolean pendingOut, boolean pendingIn) {
        @Override
        public String toString() {
            return subscription + (pendingOut ? " +out" : "") + (pendingIn ? " +in" : "");
        }
    }

    /** One row of an Appendix A table: in {@code before}, {@code sender} sends {@code type} to the other. */
    record Transition(State before, Side sender, Presence.Type type, State after, boolean delivered) {
        @Override
        public String toString() {
            return before + " + " + (sender == Side.USER ? "outbound " : "inbound ") + type + " -> " + after
                    + (sender == Side.CONTACT ? (delivered ? " (delivered)" : " (not delivered)") : "");
        }
    }

    private final Target target;
    private final Accounts accounts;

    SubscriptionTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    /** RFC 6121 A.2: the user's server processes what the user sends (the rows that change state, and a few that do not). */
    static Stream<Transition> outbound() {
        return Stream.of(
                // A.2.1 subscribe
                out(State.NONE, Presence.Type.subscribe, State.NONE_PENDING_OUT),
                out(State.NONE_PENDING_OUT, Presence.Type.subscribe, State.NONE_PENDING_OUT),
                out(State.NONE_PENDING_IN, Presence.Type.subscribe, State.NONE_PENDING_OUT_IN),
                out(State.TO, Presence.Type.subscribe, State.TO),
                out(State.FROM, Presence.Type.subscribe, State.FROM_PENDING_OUT),
                // A.2.2 subscribed
                out(State.NONE_PENDING_IN, Presence.Type.subscribed, State.FROM),
                out(State.NONE_PENDING_OUT_IN, Presence.Type.subscribed, State.FROM_PENDING_OUT),
                out(State.TO_PENDING_IN, Presence.Type.subscribed, State.BOTH),
                out(State.BOTH, Presence.Type.subscribed, State.BOTH),
                // A.2.3 unsubscribe
                out(State.NONE_PENDING_OUT, Presence.Type.unsubscribe, State.NONE),
                out(State.NONE_PENDING_OUT_IN, Presence.Type.unsubscribe, State.NONE_PENDING_IN),
                out(State.TO, Presence.Type.unsubscribe, State.NONE),
                out(State.TO_PENDING_IN, Presence.Type.unsubscribe, State.NONE_PENDING_IN),
                out(State.FROM_PENDING_OUT, Presence.Type.unsubscribe, State.FROM),
                out(State.BOTH, Presence.Type.unsubscribe, State.FROM),
                // A.2.4 unsubscribed
                out(State.NONE_PENDING_IN, Presence.Type.unsubscribed, State.NONE),
                out(State.NONE_PENDING_OUT_IN, Presence.Type.unsubscribed, State.NONE_PENDING_OUT),
                out(State.TO_PENDING_IN, Presence.Type.unsubscribed, State.TO),
                out(State.FROM, Presence.Type.unsubscribed, State.NONE),
                out(State.FROM_PENDING_OUT, Presence.Type.unsubscribed, State.NONE_PENDING_OUT),
                out(State.BOTH, Presence.Type.unsubscribed, State.TO));
    }

    /**
     * RFC 6121 A.3: what reaches the user from the contact. The contact is local, so its own server applies A.2 first;
     * a "not delivered, no state change" row may therefore be decided on the contact's side. The user sees the same.
     */
    static Stream<Transition> inbound() {
        return Stream.of(
                // A.3.1 subscribe
                in(State.NONE, Presence.Type.subscribe, State.NONE_PENDING_IN, true),
                in(State.NONE_PENDING_OUT, Presence.Type.subscribe, State.NONE_PENDING_OUT_IN, true),
                in(State.NONE_PENDING_IN, Presence.Type.subscribe, State.NONE_PENDING_IN, false),
                in(State.TO, Presence.Type.subscribe, State.TO_PENDING_IN, true),
                in(State.BOTH, Presence.Type.subscribe, State.BOTH, false),
                // A.3.2 subscribed
                in(State.NONE, Presence.Type.subscribed, State.NONE, false),
                in(State.NONE_PENDING_OUT, Presence.Type.subscribed, State.TO, true),
                in(State.NONE_PENDING_OUT_IN, Presence.Type.subscribed, State.TO_PENDING_IN, true),
                in(State.FROM_PENDING_OUT, Presence.Type.subscribed, State.BOTH, true),
                // A.3.3 unsubscribe
                in(State.NONE_PENDING_IN, Presence.Type.unsubscribe, State.NONE, true),
                in(State.NONE_PENDING_OUT_IN, Presence.Type.unsubscribe, State.NONE_PENDING_OUT, true),
                in(State.TO, Presence.Type.unsubscribe, State.TO, false),
                in(State.TO_PENDING_IN, Presence.Type.unsubscribe, State.TO, true),
                in(State.FROM, Presence.Type.unsubscribe, State.NONE, true),
                in(State.FROM_PENDING_OUT, Presence.Type.unsubscribe, State.NONE_PENDING_OUT, true),
                in(State.BOTH, Presence.Type.unsubscribe, State.TO, true),
                // A.3.4 unsubscribed
                in(State.NONE_PENDING_OUT, Presence.Type.unsubscribed, State.NONE, true),
                in(State.NONE_PENDING_OUT_IN, Presence.Type.unsubscribed, State.NONE_PENDING_IN, true),
                in(State.TO, Presence.Type.unsubscribed, State.NONE, true),
                in(State.TO_PENDING_IN, Presence.Type.unsubscribed, State.NONE_PENDING_IN, true),
                in(State.FROM, Presence.Type.unsubscribed, State.FROM, false),
                in(State.FROM_PENDING_OUT, Presence.Type.unsubscribed, State.FROM, true),
                in(State.BOTH, Presence.Type.unsubscribed, State.FROM, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outbound")
    @Spec(document = "RFC 6121", section = "A.2", quote = "the user's server ... MUST process the outbound subscription "
            + "stanza according to the following tables (A.2.1 subscribe, A.2.2 subscribed, A.2.3 unsubscribe, "
            + "A.2.4 unsubscribed)")
    void outboundSubscriptionStanzaChangesTheUsersState_rfc6121_A_2(Transition row) throws Exception {
        applyAndCheck(row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inbound")
    @Spec(document = "RFC 6121", section = "A.3", quote = "the user's server MUST process the inbound subscription "
            + "stanza according to the following tables (A.3.1 subscribe, A.3.2 subscribed, A.3.3 unsubscribe, "
            + "A.3.4 unsubscribed): DELIVER? / NEW STATE")
    void inboundSubscriptionStanzaChangesTheUsersState_rfc6121_A_3(Transition row) throws Exception {
        applyAndCheck(row);
    }

    @Test
    @Spec(document = "RFC 6121", section = "3.1.3", quote = "if the contact does not have an available resource, the "
            + "contact's server MUST keep the subscription request ... and then deliver the request when the contact "
            + "next has a non-negative available resource")
    void requestToAnOfflineContactIsDeliveredAtLogin_rfc6121_3_1_3() throws Exception {
        // Given juliet, offline, and romeo online
        Credentials juliet = accounts.registered("juliet");
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");

        // When romeo asks to subscribe to her presence while she is away
        romeo.send(Presence.Type.subscribe, juliet.jid());
        romeo.sync();

        // Then the request reaches juliet when she logs in (and sends initial presence), from romeo's bare JID
        AtomicReference<StanzaCollector> requests = new AtomicReference<>();
        ImSession balcony = ImSession.login(accounts, juliet, "balcony",
                c -> requests.set(c.createStanzaCollector(ImSession.presence(Presence.Type.subscribe, romeo.bareJid()))));
        Presence request = ImSession.next(requests.get());
        assertThat(request).as("the subscription request from %s, kept while %s was offline", romeo.bareJid(), juliet.jid())
                .isNotNull();
        assertThat(request.getFrom().toString()).as("§3.1.2: a request is stamped with the sender's bare JID")
                .isEqualTo(romeo.bareJid().toString());

        // And her approval completes the subscription on romeo's side
        try (StanzaCollector approvals = romeo.collect(ImSession.presence(Presence.Type.subscribed, juliet.jid()))) {
            balcony.send(Presence.Type.subscribed, romeo.bareJid());
            assertThat((Presence) ImSession.next(approvals)).as("the approval reaches romeo").isNotNull();
        }
        RosterPacket.Item item = romeo.item(juliet.jid()).orElseThrow(() -> new AssertionError("juliet is not in romeo's roster"));
        assertThat(item.getItemType()).isEqualTo(RosterPacket.ItemType.to);
        assertThat(item.isSubscriptionPending()).isFalse();
    }

    @Test
    @Spec(document = "RFC 6121", section = "3.4", quote = "If the contact's server supports subscription pre-approvals ... "
            + "the contact's server MUST then automatically approve the subscription request")
    void preApprovalAnswersTheLaterRequestAutomatically_rfc6121_3_4() throws Exception {
        // Given juliet and romeo online, juliet interested in her roster
        Credentials julietAccount = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, julietAccount, "balcony");
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");
        juliet.roster();

        try (StanzaCollector julietRequests = juliet.collect(ImSession.presence(Presence.Type.subscribe, romeo.bareJid()));
                StanzaCollector romeoApprovals = romeo.collect(ImSession.presence(Presence.Type.subscribed, juliet.bareJid()))) {
            // When juliet approves romeo before he asks (§3.4.1)
            juliet.send(Presence.Type.subscribed, romeo.bareJid());
            juliet.sync();

            // Then her roster records the pre-approval (approved='true', §3.4.2), and romeo hears nothing yet
            RosterPacket.Item preApproved = juliet.nextPush().getRosterItems().get(0);
            assertThat(preApproved.getJid().toString()).isEqualTo(romeo.bareJid().toString());
            assertThat(preApproved.isApproved()).as("§3.4.2: approved='true' in the push").isTrue();
            assertThat(preApproved.getItemType()).isEqualTo(RosterPacket.ItemType.none);
            romeo.sync();
            assertThat((Object) romeoApprovals.pollResult()).as("§3.4: a pre-approval is not routed to the contact").isNull();

            // When romeo asks
            romeo.send(Presence.Type.subscribe, juliet.bareJid());
            romeo.sync();

            // Then the server approves on juliet's behalf without asking her
            assertThat((Presence) ImSession.next(romeoApprovals)).as("the automatic approval reaches romeo").isNotNull();
            juliet.sync();
            assertThat((Object) julietRequests.pollResult()).as("§3.4: a pre-approved request is not delivered to the user").isNull();
        }
        assertThat(romeo.item(juliet.bareJid()).orElseThrow().getItemType()).isEqualTo(RosterPacket.ItemType.to);
        RosterPacket.Item item = juliet.item(romeo.bareJid()).orElseThrow();
        assertThat(item.getItemType()).isEqualTo(RosterPacket.ItemType.from);
        assertThat(item.isApproved()).as("the pre-approval is used up").isFalse();
    }

    @Test
    @Spec(document = "RFC 6121", section = "3.4.1", quote = "If the server supports subscription pre-approvals, then it "
            + "MUST advertise that fact by returning a stream feature of <sub xmlns='urn:xmpp:features:pre-approval'/>")
    void preApprovalSupportIsAdvertised_rfc6121_3_4_1() {
        ImSession juliet = ImSession.login(accounts, accounts.registered("juliet"), "balcony");

        assertThat(juliet.connection().hasFeature("sub", "urn:xmpp:features:pre-approval"))
                .as("the stream features offer <sub xmlns='urn:xmpp:features:pre-approval'/> (the server pre-approves, "
                        + "see preApprovalAnswersTheLaterRequestAutomatically)").isTrue();
    }

    @Test
    @Spec(document = "RFC 6121", section = "3.1.3", quote = "the contact's server ... MAY ... return a "
            + "<resource-constraint/> ... error (issue 5: a flood of subscription requests to one user is rate-limited)")
    void floodOfSubscriptionRequestsIsRateLimited_rfc6121_3_1_3() throws Exception {
        target.requireInProcess(); // the limit is this class's configuration
        // Given juliet online, and one more suitor than she accepts requests from in a minute
        Credentials julietAccount = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, julietAccount, "balcony");
        List<ImSession> suitors = new ArrayList<>();
        for (int i = 0; i <= MAX_REQUESTS_PER_MINUTE; i++) {
            suitors.add(ImSession.login(accounts, accounts.registered("suitor" + i), "home"));
        }

        try (StanzaCollector requests = juliet.collect(stanza -> stanza instanceof Presence p
                && p.getType() == Presence.Type.subscribe)) {
            // When each of them asks, one after the other
            List<Presence> errors = new ArrayList<>();
            for (ImSession suitor : suitors) {
                try (StanzaCollector bounces = suitor.collect(ImSession.presence(Presence.Type.error, juliet.bareJid()))) {
                    suitor.send(Presence.Type.subscribe, juliet.bareJid());
                    suitor.sync();
                    errors.add(bounces.pollResult());
                }
            }
            juliet.sync();

            // Then the first ones reach her, and the last one is refused with resource-constraint
            List<String> delivered = new ArrayList<>();
            for (Presence p = requests.pollResult(); p != null; p = requests.pollResult()) {
                delivered.add(p.getFrom().toString());
            }
            assertThat(delivered).as("requests delivered to juliet").containsExactlyElementsOf(
                    suitors.subList(0, MAX_REQUESTS_PER_MINUTE).stream().map(s -> s.bareJid().toString()).toList());
            assertThat(errors.subList(0, MAX_REQUESTS_PER_MINUTE)).as("errors to the first suitors").containsOnlyNulls();
            Presence refused = errors.get(MAX_REQUESTS_PER_MINUTE);
            assertThat(refused).as("an error presence to the suitor past the limit").isNotNull();
            assertThat(refused.getError().getCondition()).isEqualTo(StanzaError.Condition.resource_constraint);
        }
    }

    // ---- the table driver

    private void applyAndCheck(Transition row) throws Exception {
        // Given the user and the contact online, the contact in the user's roster, and the row's starting state
        Credentials userAccount = accounts.registered("user");
        ImSession user = ImSession.login(accounts, userAccount, "main");
        ImSession contact = ImSession.login(accounts, accounts.registered("contact"), "main");
        user.addContact(contact.bareJid(), "contact");
        for (Step step : row.before().setup) {
            ImSession sender = step.sender() == Side.USER ? user : contact;
            sender.send(step.type(), (step.sender() == Side.USER ? contact : user).bareJid());
            sender.sync();
        }
        Observed start = visible(user, contact.bareJid());
        assertThat(start).as("setting up %s (the roster shows subscription and ask)", row.before())
                .isEqualTo(new Observed(row.before().observed.subscription(), row.before().observed.pendingOut(), false));

        // When one side sends the row's stanza
        ImSession sender = row.sender() == Side.USER ? user : contact;
        ImSession recipient = row.sender() == Side.USER ? contact : user;
        try (StanzaCollector arrived = recipient.collect(ImSession.presence(row.type(), sender.bareJid()))) {
            sender.send(row.type(), recipient.bareJid());
            sender.sync();
            recipient.sync();
            Presence delivered = arrived.pollResult();

            // Then the user's state is the table's new state, and an inbound stanza is delivered exactly when it says
            Observed after = visible(user, contact.bareJid());
            after = new Observed(after.subscription(), after.pendingOut(), pendingIn(userAccount, contact.bareJid()));
            assertThat(after).as("the user's state after %s", row).isEqualTo(row.after().observed);
            if (row.sender() == Side.CONTACT) {
                assertThat(delivered != null).as("delivery of the inbound %s to the user in %s", row.type(), row.before())
                        .isEqualTo(row.delivered());
                if (delivered != null) {
                    assertThat(delivered.getFrom().toString()).as("§3.1.2: from the contact's bare JID")
                            .isEqualTo(contact.bareJid().toString());
                }
            }
        }
    }

    /** 'subscription' and 'ask' of the user's item for the contact. */
    private static Observed visible(ImSession user, BareJid contact) {
        RosterPacket.Item item = user.item(contact).orElseThrow(
                () -> new AssertionError("the contact " + contact + " vanished from the roster of " + user.jid()));
        return new Observed(item.getItemType().name().toLowerCase(Locale.ROOT), item.isSubscriptionPending(), false);
    }

    /** "Pending In": a new resource of the user that sends initial presence gets the contact's request (§3.1.3). */
    private boolean pendingIn(Credentials user, BareJid contact) throws InterruptedException {
        AtomicReference<StanzaCollector> requests = new AtomicReference<>();
        ImSession fresh = ImSession.login(accounts, user, "observer",
                c -> requests.set(c.createStanzaCollector(ImSession.presence(Presence.Type.subscribe, contact))));
        try {
            fresh.sync();
            return requests.get().pollResult() != null;
        } finally {
            requests.get().cancel();
            fresh.connection().disconnect();
        }
    }

    private static Transition out(State before, Presence.Type type, State after) {
        return new Transition(before, Side.USER, type, after, true);
    }

    private static Transition in(State before, Presence.Type type, State after, boolean delivered) {
        return new Transition(before, Side.CONTACT, type, after, delivered);
    }
}
