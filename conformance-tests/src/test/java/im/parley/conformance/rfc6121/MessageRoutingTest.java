package im.parley.conformance.rfc6121;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxmpp.jid.impl.JidCreate;

/** RFC 6121 §8 and RFC 6120 §8.1.2.1: how the server routes messages between its own users. */
@ParleyServer
class MessageRoutingTest {
    private final Target target;
    private final Accounts accounts;

    MessageRoutingTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "RFC 6121", section = "8.5.3.1", quote = "If the JID contained in the 'to' attribute is of the "
            + "form <localpart@domainpart/resourcepart> and ... an available resource ... the server MUST deliver")
    void messageToFullJidIsDeliveredToThatResource_rfc6121_8_5_3_1() {
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");

        Message received = Chat.send(romeo, juliet.getUser(), juliet);

        // Then it arrives, stamped with the sender's full JID (RFC 6120 §8.1.2.1)
        assertThat(received.getFrom().toString()).isEqualTo(romeo.getUser().toString());
        assertThat(received.getTo().toString()).isEqualTo(juliet.getUser().toString());
    }

    @Test
    @Spec(document = "RFC 6121", section = "8.5.2.1.1", quote = "the server MUST deliver the message to the available "
            + "resource with the highest priority")
    void messageToBareJidGoesToTheHighestPriorityResource_rfc6121_8_5_2_1_1() throws Exception {
        // Given juliet online twice, with priorities 1 and 5
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection low = accounts.loggedIn(juliet, "low");
        XMPPTCPConnection high = accounts.loggedIn(juliet, "high");
        setPriority(low, 1);
        setPriority(high, 5);
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");

        try (StanzaCollector lowInbox = low.createStanzaCollector(MessageWithBodiesFilter.INSTANCE)) {
            // When romeo writes to juliet's bare JID
            Message received = Chat.send(romeo, juliet.jid(), high);

            // Then the priority-5 resource has it; and the next message the priority-1 resource sees is a marker sent
            // afterwards to its full JID (same sender, same recipient: routed in order), not the bare-JID message
            assertThat(received.getFrom().toString()).isEqualTo(romeo.getUser().toString());
            Message marker = Chat.send(romeo, low.getUser(), low);
            assertThat(lowInbox.<Message>nextResult(Accounts.REPLY_TIMEOUT.toMillis()).getBody()).isEqualTo(marker.getBody());
        }
    }

    @Test
    @Spec(document = "RFC 6121", section = "8.5.2.2.1", quote = "If there are no available resources ... for a message "
            + "... the server MUST either (a) store the message offline ... or (b) return a <service-unavailable/> error")
    void messageToUnknownUserGetsServiceUnavailable_rfc6121_8_5_1() throws Exception {
        // Given romeo, and an address on this domain that belongs to no account
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        Message message = romeo.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom("nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@" + target.domain()))
                .ofType(Message.Type.chat).setBody("anyone?").build();

        try (StanzaCollector replies = romeo.createStanzaCollector(new StanzaIdFilter(message.getStanzaId()))) {
            romeo.sendStanza(message);

            // Then RFC 6121 §8.5.1: no such account → service-unavailable
            Message error = replies.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            assertThat(error).as("an error reply").isNotNull();
            assertThat(error.getType()).isEqualTo(Message.Type.error);
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "8.1.2.1", quote = "the server MUST ... stamp ... 'from' ... the full JID "
            + "<localpart@domainpart/resource>")
    void serverStampsFromWhenTheClientOmitsIt_rfc6120_8_1_2_1() throws Exception {
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target);
                StanzaCollector inbox = juliet.createStanzaCollector(MessageWithBodiesFilter.INSTANCE)) {
            String romeoJid = client.login(romeo, Optional.of("garden"));
            // When romeo sends without 'from', then with his bare JID as 'from'
            client.send("<message type='chat' to='" + juliet.getUser() + "'><body>one</body></message>");
            client.send("<message type='chat' from='" + romeo.bareJid() + "' to='" + juliet.getUser()
                    + "'><body>two</body></message>");

            // Then both arrive stamped with his full JID
            Message one = inbox.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            Message two = inbox.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            assertThat(one).as(client.transcript()).isNotNull();
            assertThat(two).as(client.transcript()).isNotNull();
            assertThat(one.getFrom().toString()).isEqualTo(romeoJid);
            assertThat(two.getFrom().toString()).isEqualTo(romeoJid);
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.9", quote = "invalid-from: The JID or hostname provided in a 'from' "
            + "address does not match an authorized JID")
    void forgedFromGetsInvalidFromStreamError_rfc6120_4_9_3_9() throws Exception {
        // Given juliet listening, and mallory logged in by hand
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        Credentials mallory = accounts.registered("mallory");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target);
                StanzaCollector inbox = juliet.createStanzaCollector(MessageWithBodiesFilter.INSTANCE)) {
            client.login(mallory, Optional.of("lair"));

            // When mallory claims to be romeo
            client.send("<message type='chat' from='" + romeo.getUser() + "' to='" + juliet.getUser()
                    + "'><body>it is I, romeo</body></message>");

            // Then the stream ends with invalid-from, and juliet never sees the forgery
            assertThat(client.awaitStreamError()).as(client.transcript()).isEqualTo("invalid-from");
            client.awaitClosedByServer();
            Message next = Chat.send(romeo, juliet.getUser(), juliet);
            assertThat(inbox.<Message>nextResult(Accounts.REPLY_TIMEOUT.toMillis()).getBody()).isEqualTo(next.getBody());
        }
    }

    @Test
    @Spec(document = "RFC 7622", section = "3.3.1", quote = "the localpart ... UsernameCaseMapped profile ... case "
            + "mapping ... Before comparing two localparts, an application MUST first ensure that ... case")
    void addressWrittenInCapitalsReachesTheSameAccount_rfc7622_3_3() throws Exception {
        // Given juliet offline, and romeo logged in by hand
        Credentials juliet = accounts.registered("juliet");
        Credentials romeo = accounts.registered("romeo");
        String julietInCapitals = juliet.bareJid().toUpperCase(Locale.ROOT);
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("garden"));

            // When romeo writes to her address in capitals, with his own bare address in capitals as 'from'
            client.send("<message type='chat' id='shout-1' from='" + romeo.bareJid().toUpperCase(Locale.ROOT)
                    + "' to='" + julietInCapitals + "'><body>while you were out</body></message>");
            // (an invalid-from stream error would close the stream before this answer)
            String pong = client.pingServer("after-shout");
            assertThat(pong).as(client.transcript()).containsPattern("type=['\"]result['\"]");

            // Then it was stored for her (not bounced) and reaches her when she comes online
            XMPPTCPConnection connection = accounts.connected(accounts.configuration().setSendPresence(false).build());
            accounts.login(connection, juliet, "balcony");
            try (StanzaCollector inbox = connection.createStanzaCollector(MessageWithBodiesFilter.INSTANCE)) {
                connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().build());
                Message stored = inbox.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
                assertThat(stored).as("the message to " + julietInCapitals + ", delivered offline").isNotNull();
                assertThat(stored.getBody()).isEqualTo("while you were out");
                assertThat(stored.getTo().asBareJid().toString()).isEqualTo(juliet.bareJid());

                // And while she is online, a message in capitals reaches her session directly
                client.send("<message type='chat' to='" + julietInCapitals + "'><body>now</body></message>");
                Message live = inbox.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
                assertThat(live).as(client.transcript()).isNotNull();
                assertThat(live.getBody()).isEqualTo("now");
            }
            assertThat(client.transcript()).doesNotContainPattern("type=['\"]error['\"]");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.9", quote = "invalid-from: The JID or hostname provided in a 'from' "
            + "address does not match an authorized JID")
    void anotherAccountInCapitalsAsFromIsStillInvalidFrom_rfc6120_4_9_3_9() throws Exception {
        // Given mallory logged in by hand, and juliet's address
        Credentials mallory = accounts.registered("mallory");
        Credentials juliet = accounts.registered("juliet");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(mallory, Optional.of("lair"));

            // When mallory claims juliet's address, written in capitals
            client.send("<message type='chat' from='" + juliet.bareJid().toUpperCase(Locale.ROOT) + "' to='"
                    + juliet.bareJid() + "'><body>it is I</body></message>");

            // Then case-mapping the address does not make it hers: the stream ends with invalid-from
            assertThat(client.awaitStreamError()).as(client.transcript()).isEqualTo("invalid-from");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"@%s", "juliet@%s/", "%s/", "ro meo@%s", "a@b@%s"})
    @Spec(document = "RFC 6120", section = "8.3.3.8", quote = "jid-malformed: The sending entity has provided ... an "
            + "XMPP address or aspect thereof that violates the rules defined in [XMPP-ADDR]")
    void messageToAMalformedAddressGetsJidMalformedAndTheStreamGoesOn_rfc6120_8_3_3_8(String address) {
        // Given romeo logged in by hand (Smack would not send these addresses)
        Credentials romeo = accounts.registered("romeo");
        String to = String.format(Locale.ROOT, address, target.domain());
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("garden"));

            // When he writes to an address with an empty or invalid part (RFC 7622 §3.1)
            client.send("<message type='chat' id='bad-to' to='" + to + "'><body>hello?</body></message>");

            // Then the message comes back with jid-malformed, and the stream still serves him
            assertThat(client.awaitStanzaError("bad-to")).isEqualTo("jid-malformed");
            assertThat(client.pingServer("after-bad-to")).as(client.transcript()).containsPattern("type=['\"]result['\"]");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "8.3.1", quote = "An entity that receives an error stanza MUST NOT respond "
            + "to the stanza with a further error stanza")
    void errorToAMalformedAddressIsNotAnsweredWithAnError_rfc6120_8_3_1() {
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("garden"));

            // When he sends an error message to an address with an empty resourcepart, then pings the server
            client.send("<message type='error' id='bad-error' to='juliet@" + target.domain() + "/'>"
                    + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                    + "</message>");
            String pong = client.pingServer("sync-after-error");

            // Then the ping is answered (the stanzas of one stream are handled in order) and nothing answered the error
            assertThat(pong).as(client.transcript()).containsPattern("type=['\"]result['\"]");
            assertThat(client.transcript().lines().filter(line -> line.startsWith("S: ")))
                    .as(client.transcript()).noneMatch(line -> line.contains("bad-error"));
        }
    }

    /** Sends presence with a priority, then a ping round trip: the server has processed the presence when it answers. */
    private static void setPriority(XMPPTCPConnection connection, int priority) throws Exception {
        connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza()
                .ofType(Presence.Type.available).setPriority(priority).build());
        assertThat(PingManager.getInstanceFor(connection).pingMyServer(true, Accounts.REPLY_TIMEOUT.toMillis())).isTrue();
    }
}
