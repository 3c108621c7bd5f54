package im.parley.conformance.rfc6121;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import im.parley.dist.ParleyConfig;
import im.parley.ext.ModulesConfig;
import im.parley.ext.roster.RosterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/** RFC 6121 §2: roster get, set, update and remove, roster pushes, versioning, and the errors of bad roster sets. */
@ParleyServer(config = RosterTest.TinyRoster.class)
class RosterTest {
    /** {@code modules.roster.max-items} for this class: small, so the limit is reached with a few sets. */
    static final int MAX_ITEMS = 3;
    /** The default name and group limits of {@code modules.roster} (this class keeps them). */
    static final int MAX_NAME = RosterConfig.defaults().maxNameLength();
    static final int MAX_GROUP = RosterConfig.defaults().maxGroupLength();

    /** A roster of {@value #MAX_ITEMS} items at most; everything else as by default. */
    public static final class TinyRoster implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            ModulesConfig m = defaults.modules();
            RosterConfig d = RosterConfig.defaults();
            return new ParleyConfig(defaults.server(), defaults.storage(), new ModulesConfig(m.disabled(), m.ping(),
                    m.version(), m.register(), new RosterConfig(MAX_ITEMS, d.maxNameLength(), d.maxGroups(),
                    d.maxGroupLength()), m.presence(), m.vcard(), m.privateXml()));
        }
    }

    private final Target target;
    private final Accounts accounts;

    RosterTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.1.3", quote = "If the server can successfully process the roster get, it "
            + "MUST return the roster in an IQ-result ... If the roster is empty, the server MUST return an empty <query/>")
    void rosterGetReturnsTheWholeRoster_rfc6121_2_1_3() {
        // Given a new account
        ImSession juliet = session("juliet", "balcony");

        // When she asks for her roster, then it is an empty <query/>
        assertThat(juliet.roster().getRosterItems()).as("the roster of a new account").isEmpty();

        // And once she adds romeo with a name and a group, the roster returns that item
        BareJid romeo = contact("romeo");
        RosterPacket.Item item = new RosterPacket.Item(romeo, "Romeo");
        item.addGroupName("Friends");
        assertThat(juliet.rosterSet(item).getType()).isEqualTo(IQ.Type.result);
        RosterPacket.Item stored = juliet.item(romeo).orElseThrow(() -> new AssertionError("romeo is not in the roster"));
        assertThat(stored.getName()).isEqualTo("Romeo");
        assertThat(stored.getGroupNames()).containsExactly("Friends");
        assertThat(stored.getItemType()).as("subscription of a new item (§2.1.2.5)").isEqualTo(RosterPacket.ItemType.none);
        assertThat(stored.isSubscriptionPending()).as("ask on a new item").isFalse();
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.1.6", quote = "The server MUST also send a roster push containing the new "
            + "roster item to all of the user's interested resources, including the resource that generated the roster set")
    void rosterSetIsPushedToEveryInterestedResource_rfc6121_2_1_6() throws Exception {
        // Given juliet on two resources, both interested (each has requested the roster)
        Credentials account = accounts.registered("juliet");
        ImSession balcony = ImSession.login(accounts, account, "balcony");
        ImSession chamber = ImSession.login(accounts, account, "chamber");
        balcony.roster();
        chamber.roster();

        // When the balcony adds romeo
        BareJid romeo = contact("romeo");
        balcony.addContact(romeo, "Romeo");

        // Then both resources get the push, from the account's bare JID (or no 'from'), with one item and a version
        for (ImSession resource : new ImSession[] {balcony, chamber}) {
            RosterPacket push = resource.nextPush();
            assertThat(push.getFrom() == null || push.getFrom().equals(account.jid()))
                    .as("§2.1.6: a push comes from the user's bare JID, got %s", push.getFrom()).isTrue();
            assertThat(push.getRosterItems()).as("§2.1.6: a push carries exactly one item").hasSize(1);
            assertThat(push.getRosterItems().get(0).getJid().toString()).isEqualTo(romeo.toString());
            assertThat(push.getRosterItems().get(0).getName()).isEqualTo("Romeo");
            assertThat(push.getVersion()).as("§2.6.2: a push carries the roster version").isNotBlank();
        }
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.4.2", quote = "the server MUST update the item in the user's roster, send a "
            + "roster push to all of the user's interested resources, and send an IQ result to the initiating resource")
    void rosterUpdateChangesTheItemAndIsPushed_rfc6121_2_4_2() throws Exception {
        // Given juliet with romeo in her roster
        Credentials account = accounts.registered("juliet");
        ImSession balcony = ImSession.login(accounts, account, "balcony");
        ImSession chamber = ImSession.login(accounts, account, "chamber");
        chamber.roster();
        BareJid romeo = contact("romeo");
        balcony.addContact(romeo, "Romeo");
        chamber.nextPush();

        // When she renames him and files him under two groups
        RosterPacket.Item update = new RosterPacket.Item(romeo, "Romeo Montague");
        update.addGroupName("Friends");
        update.addGroupName("Verona");
        assertThat(balcony.rosterSet(update).getType()).isEqualTo(IQ.Type.result);

        // Then the other resource gets the updated item, and the roster has it
        RosterPacket.Item pushed = chamber.nextPush().getRosterItems().get(0);
        assertThat(pushed.getName()).isEqualTo("Romeo Montague");
        assertThat(pushed.getGroupNames()).containsExactlyInAnyOrder("Friends", "Verona");
        RosterPacket.Item stored = balcony.item(romeo).orElseThrow();
        assertThat(stored.getName()).isEqualTo("Romeo Montague");
        assertThat(stored.getGroupNames()).containsExactlyInAnyOrder("Friends", "Verona");
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.5.2", quote = "the server MUST remove the item from the roster, send a roster "
            + "push to all of the user's interested resources (with the 'subscription' attribute set to a value of \"remove\")")
    void rosterRemoveDeletesTheItemAndPushesRemove_rfc6121_2_5_2() throws Exception {
        // Given juliet with romeo in her roster, on two interested resources
        Credentials account = accounts.registered("juliet");
        ImSession balcony = ImSession.login(accounts, account, "balcony");
        ImSession chamber = ImSession.login(accounts, account, "chamber");
        chamber.roster();
        BareJid romeo = contact("romeo");
        balcony.addContact(romeo, "Romeo");
        chamber.nextPush();

        // When she removes him
        IQ reply = balcony.rosterRemove(romeo);

        // Then the removal succeeds, is pushed with subscription='remove', and the roster no longer has him
        assertThat(reply.getType()).as(reply.toXML().toString()).isEqualTo(IQ.Type.result);
        RosterPacket.Item pushed = chamber.nextPush().getRosterItems().get(0);
        assertThat(pushed.getJid().toString()).isEqualTo(romeo.toString());
        assertThat(pushed.getItemType()).isEqualTo(RosterPacket.ItemType.remove);
        assertThat(balcony.item(romeo)).isEmpty();
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.5.3", quote = "If the value of the 'jid' attribute specifies an item that is "
            + "not in the roster, then the server MUST return an <item-not-found/> stanza error")
    void removingAnUnknownItemIsItemNotFound_rfc6121_2_5_3() {
        ImSession juliet = session("juliet", "balcony");

        IQ reply = juliet.rosterRemove(contact("stranger"));

        assertError(reply, StanzaError.Condition.item_not_found);
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.6.3", quote = "If the roster version inherent in the 'ver' attribute of the "
            + "roster get is the same as the version on the server, the server MUST ... return an empty IQ-result")
    void currentVersionGetsAnEmptyResultAndPushesCarryTheNewVersion_rfc6121_2_6() throws Exception {
        // Given juliet, whose server announces roster versioning (§2.6.1), with one contact
        Credentials account = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, account, "balcony");
        assertThat(juliet.connection().hasFeature("ver", "urn:xmpp:features:rosterver"))
                .as("§2.6.1: the stream feature <ver xmlns='urn:xmpp:features:rosterver'/>").isTrue();
        juliet.addContact(contact("romeo"), "Romeo");
        String v1 = juliet.roster().getVersion();
        assertThat(v1).as("§2.6.3: a roster result carries 'ver'").isNotBlank();

        // When she asks again with that version, then the reply is an empty IQ-result
        IQ current = juliet.rosterGet(Optional.of(v1));
        assertThat(current.getType()).isEqualTo(IQ.Type.result);
        assertThat(current).as("§2.6.3: an empty result for a current version, got %s", current.toXML())
                .isNotInstanceOf(RosterPacket.class);

        // When the roster changes, the push carries a new version (§2.6.2)
        BareJid mercutio = contact("mercutio");
        juliet.addContact(mercutio, "Mercutio");
        RosterPacket push = juliet.nextPush();
        String v2 = push.getVersion();
        assertThat(v2).as("§2.6.2: the version in a push").isNotBlank().isNotEqualTo(v1);

        // Then the new version is current, and the old one gets the whole roster stamped with the new version
        assertThat(juliet.rosterGet(Optional.of(v2))).as("roster get with the pushed version")
                .isNotInstanceOf(RosterPacket.class);
        IQ stale = juliet.rosterGet(Optional.of(v1));
        assertThat(stale).as("roster get with a stale version").isInstanceOf(RosterPacket.class);
        assertThat(((RosterPacket) stale).getVersion()).isEqualTo(v2);
        assertThat(((RosterPacket) stale).getRosterItems()).extracting(RosterPacket.Item::getJid).contains(mercutio);
    }

    // ---- §2.3.3: bad roster sets

    @Test
    @Spec(document = "RFC 6121", section = "2.3.3", quote = "The server MUST return a <bad-request/> stanza error to the "
            + "client if the roster set contains any of the following violations: The <query/> element contains more "
            + "than one <item/> child element.")
    void rosterSetWithTwoItemsIsBadRequest_rfc6121_2_3_3() {
        ImSession juliet = session("juliet", "balcony");

        IQ reply = juliet.rosterSet(new RosterPacket.Item(contact("romeo"), null),
                new RosterPacket.Item(contact("mercutio"), null));

        assertError(reply, StanzaError.Condition.bad_request);
        assertThat(juliet.roster().getRosterItems()).as("nothing was added").isEmpty();
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.3.3", quote = "The server MUST return a <bad-request/> stanza error ... The "
            + "<item/> element contains more than one <group/> element, but there are duplicate groups")
    void rosterSetWithDuplicateGroupsIsBadRequest_rfc6121_2_3_3() {
        // Smack keeps groups in a set, so the duplicate goes out by hand.
        String condition = rawRosterSet("<item jid='" + contact("romeo") + "'><group>Friends</group><group>Friends</group></item>");

        assertThat(condition).isEqualTo("bad-request");
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.3.3", quote = "The server MUST return a <not-acceptable/> stanza error to the "
            + "client if ... The length of the 'name' attribute is greater than a server-configured limit.")
    void nameOverTheLimitIsNotAcceptable_rfc6121_2_3_3() {
        target.requireInProcess(); // the limit is this class's configuration
        ImSession juliet = session("juliet", "balcony");
        BareJid romeo = contact("romeo");

        // A name at the limit is fine, one character more is not
        assertThat(juliet.rosterSet(new RosterPacket.Item(romeo, "n".repeat(MAX_NAME))).getType()).isEqualTo(IQ.Type.result);
        IQ reply = juliet.rosterSet(new RosterPacket.Item(romeo, "n".repeat(MAX_NAME + 1)));

        assertError(reply, StanzaError.Condition.not_acceptable);
        assertThat(juliet.item(romeo).orElseThrow().getName()).as("the item keeps its name").hasSize(MAX_NAME);
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.3.3", quote = "The server MUST return a <not-acceptable/> stanza error ... The "
            + "length of the <group/> element's XML character data is greater than a server-configured limit.")
    void groupOverTheLimitIsNotAcceptable_rfc6121_2_3_3() {
        target.requireInProcess();
        ImSession juliet = session("juliet", "balcony");
        RosterPacket.Item item = new RosterPacket.Item(contact("romeo"), "Romeo");
        item.addGroupName("g".repeat(MAX_GROUP + 1));

        assertError(juliet.rosterSet(item), StanzaError.Condition.not_acceptable);
        assertThat(juliet.roster().getRosterItems()).as("nothing was added").isEmpty();
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.3.3", quote = "The server MUST return a <not-acceptable/> stanza error ... The "
            + "XML character data of the <group/> element is of zero length")
    void emptyGroupIsNotAcceptable_rfc6121_2_3_3() {
        String condition = rawRosterSet("<item jid='" + contact("romeo") + "'><group></group></item>");

        assertThat(condition).isEqualTo("not-acceptable");
    }

    @Test
    @Spec(document = "RFC 6120", section = "8.3.3.8", quote = "jid-malformed: The sending entity has provided ... or "
            + "communicated ... an XMPP address or aspect thereof that violates the rules defined in [XMPP-ADDR]")
    void itemWithAnInvalidJidIsJidMalformed_rfc6121_2_3_3() {
        // A space is not allowed in a localpart (RFC 7622 §3.3.1); Smack would not send it, so it goes out by hand.
        String condition = rawRosterSet("<item jid='ro meo@" + target.domain() + "' name='Romeo'/>");

        assertThat(condition).isEqualTo("jid-malformed");
    }

    @Test
    @Spec(document = "RFC 6120", section = "8.3.3.9", quote = "not-allowed: The recipient or server does not allow any "
            + "entity to perform the action")
    void ownJidAsItemIsNotAllowed_rfc6121_2_3_3() {
        // RFC 6121 leaves a user's own JID in the roster to the server; issue 5 rejects it like a §2.3.3 violation.
        Credentials account = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, account, "balcony");

        IQ reply = juliet.rosterSet(new RosterPacket.Item(account.jid(), "me"));

        assertError(reply, StanzaError.Condition.not_allowed);
        assertThat(juliet.roster().getRosterItems()).isEmpty();
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.3.3", quote = "The server MUST return a <forbidden/> stanza error to the "
            + "client if the sender of the roster set is not authorized to update the roster")
    void rosterSetOnSomeoneElsesRosterIsForbidden_rfc6121_2_3_3() {
        // Given romeo, and juliet's account
        Credentials juliet = accounts.registered("juliet");
        ImSession romeo = session("romeo", "orchard");

        // When romeo tries to add an item to juliet's roster
        RosterPacket set = new RosterPacket();
        set.setType(IQ.Type.set);
        set.setTo(juliet.jid());
        set.addRosterItem(new RosterPacket.Item(contact("tybalt"), "Tybalt"));
        IQ reply = romeo.request(set);

        assertError(reply, StanzaError.Condition.forbidden);
        assertThat(ImSession.login(accounts, juliet, "balcony").roster().getRosterItems()).isEmpty();
    }

    @Test
    @Spec(document = "RFC 6121", section = "2.3.3", quote = "a server MAY limit the number of items in a roster ... "
            + "return a <not-allowed/> or <resource-constraint/> stanza error")
    void rosterPastTheSizeLimitIsRefused_rfc6121_2_3_3() {
        target.requireInProcess(); // the limit is this class's configuration
        // Given juliet with a full roster
        ImSession juliet = session("juliet", "balcony");
        List<BareJid> friends = new ArrayList<>();
        for (int i = 0; i < MAX_ITEMS; i++) {
            friends.add(contact("friend" + i));
            juliet.addContact(friends.get(i), "Friend " + i);
        }

        // When she adds one more
        IQ reply = juliet.rosterSet(new RosterPacket.Item(contact("one-too-many"), "Extra"));

        // Then it is refused, the roster is unchanged, and existing items can still be updated
        assertThat(reply.getType()).as(reply.toXML().toString()).isEqualTo(IQ.Type.error);
        assertThat(reply.getError().getCondition()).as(reply.toXML().toString())
                .isIn(StanzaError.Condition.not_allowed, StanzaError.Condition.resource_constraint);
        assertThat(juliet.roster().getRosterItems()).hasSize(MAX_ITEMS);
        juliet.addContact(friends.get(0), "Friend zero, renamed");
    }

    // ---- helpers

    private ImSession session(String name, String resource) {
        return ImSession.login(accounts, accounts.registered(name), resource);
    }

    /** A bare JID on the target that belongs to nobody in particular (the roster does not require an account). */
    private BareJid contact(String name) {
        return JidCreate.bareFromOrThrowUnchecked(name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + target.domain());
    }

    /** A roster set written by hand from a fresh account; returns the condition of the server's error reply to it. */
    private String rawRosterSet(String itemXml) {
        Credentials juliet = accounts.registered("juliet");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(juliet, Optional.of("raw"));
            client.send("<iq type='set' id='bad-set'><query xmlns='jabber:iq:roster'>" + itemXml + "</query></iq>");
            return client.awaitStanzaError("bad-set");
        }
    }

    private static void assertError(IQ reply, StanzaError.Condition condition) {
        assertThat(reply.getType()).as("the reply %s", reply.toXML()).isEqualTo(IQ.Type.error);
        assertThat(reply.getError().getCondition()).as("the reply %s", reply.toXML()).isEqualTo(condition);
    }
}
