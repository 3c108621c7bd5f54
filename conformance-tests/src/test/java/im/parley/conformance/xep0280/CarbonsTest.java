package im.parley.conformance.xep0280;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.junit.jupiter.api.Test;

/** XEP-0280: juliet on two resources (chamber, balcony), balcony with carbons on; romeo writes and is written to. */
@ParleyServer
class CarbonsTest {
    private final Accounts accounts;

    CarbonsTest(Accounts accounts) {
        this.accounts = accounts;
    }

    /** One carbon copy as Smack's CarbonManager hands it over. */
    private record Carbon(CarbonExtension.Direction direction, Message copy, Message wrapper) {}

    @Test
    @Spec(document = "XEP-0280", section = "3", quote = "An entity advertises support for this protocol by including "
            + "the \"urn:xmpp:carbons:2\" feature in its service discovery information features")
    void serverAdvertisesCarbons_xep0280_3() throws Exception {
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");

        assertThat(CarbonManager.getInstanceFor(juliet).isSupportedByServer())
                .as("urn:xmpp:carbons:2 in the server's disco#info").isTrue();
    }

    @Test
    @Spec(document = "XEP-0280", section = "8", quote = "its sending server delivers the <message/> according to RFC 6120 "
            + "and RFC 6121, and delivers a forwarded copy to each Carbons-enabled resource for the matching bare JID "
            + "sender, excluding the sending client")
    void sentMessageIsCopiedToTheOtherResource_xep0280_8() throws Exception {
        // Given
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection chamber = accounts.loggedIn(juliet, "chamber");
        XMPPTCPConnection balcony = accounts.loggedIn(juliet, "balcony");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingQueue<Carbon> carbons = carbonsOf(balcony);

        // When chamber writes to romeo
        Message delivered = Chat.send(chamber, romeo.getUser(), romeo);

        // Then balcony gets a <sent/> copy from juliet's bare JID, holding the original
        Carbon carbon = next(carbons, balcony);
        assertThat(carbon.direction()).isEqualTo(CarbonExtension.Direction.sent);
        assertThat((Object) carbon.wrapper().getFrom()).as("'from' MUST be the user's bare JID").isEqualTo(juliet.jid());
        assertThat((Object) carbon.wrapper().getTo()).isEqualTo(balcony.getUser());
        assertThat(carbon.copy().getBody()).isEqualTo(delivered.getBody());
        assertThat((Object) carbon.copy().getFrom()).isEqualTo(chamber.getUser());
        assertThat((Object) carbon.copy().getTo()).isEqualTo(romeo.getUser());
        // and romeo got the original, not a wrapper
        assertThat(delivered.hasExtension(CarbonExtension.Direction.sent.name(), CarbonExtension.NAMESPACE)).isFalse();
    }

    @Test
    @Spec(document = "XEP-0280", section = "7", quote = "it delivers the <message/> according to RFC 6121 § 8.5.3, and "
            + "then delivers a forwarded copy to each Carbons-enabled resource for the matching bare JID recipient that "
            + "did not receive it under the RFC 6121 delivery rules")
    void receivedMessageIsCopiedToTheOtherResource_xep0280_7() throws Exception {
        // Given
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection chamber = accounts.loggedIn(juliet, "chamber");
        XMPPTCPConnection balcony = accounts.loggedIn(juliet, "balcony");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingQueue<Carbon> carbons = carbonsOf(balcony);

        // When romeo writes to chamber's full JID
        Message delivered = Chat.send(romeo, chamber.getUser(), chamber);

        // Then balcony gets a <received/> copy of it
        Carbon carbon = next(carbons, balcony);
        assertThat(carbon.direction()).isEqualTo(CarbonExtension.Direction.received);
        assertThat((Object) carbon.wrapper().getFrom()).isEqualTo(juliet.jid());
        assertThat(carbon.copy().getBody()).isEqualTo(delivered.getBody());
        assertThat((Object) carbon.copy().getFrom()).isEqualTo(romeo.getUser());
    }

    @Test
    @Spec(document = "XEP-0280", section = "9", quote = "The sending server MUST NOT deliver forwarded <message/>s to the "
            + "other Carbons-enabled resources of the sender.")
    void privateMessageIsNotCopied_xep0280_9() throws Exception {
        // Given
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection chamber = accounts.loggedIn(juliet, "chamber");
        XMPPTCPConnection balcony = accounts.loggedIn(juliet, "balcony");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingQueue<Carbon> carbons = carbonsOf(balcony);

        // When chamber sends a private message, then an ordinary one
        String secret = "private " + UUID.randomUUID();
        try (StanzaCollector romeoInbox = romeo.createStanzaCollector(new AndFilter(MessageWithBodiesFilter.INSTANCE,
                stanza -> secret.equals(((Message) stanza).getBody())))) {
            MessageBuilder message = chamber.getStanzaFactory().buildMessageStanza().to(romeo.getUser())
                    .ofType(Message.Type.chat).setBody(secret);
            CarbonExtension.Private.addTo(message);
            chamber.sendStanza(message.build());
            Message received = romeoInbox.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            assertThat(received).as("romeo gets the private message itself").isNotNull();
            assertThat(received.hasExtension("private", CarbonExtension.NAMESPACE))
                    .as("the receiving server SHOULD remove the <private/> element").isFalse();
        }
        Message ordinary = Chat.send(chamber, romeo.getUser(), romeo);

        // Then the first copy balcony sees is of the ordinary message: the private one was never copied
        assertThat(next(carbons, balcony).copy().getBody()).isEqualTo(ordinary.getBody());
    }

    @Test
    @Spec(document = "XEP-0280", section = "5", quote = "To disable Carbons, the client sends an IQ-set containing a "
            + "child element <disable/> qualified by the namespace \"urn:xmpp:carbons:2\"")
    void disabledResourceGetsNoCopies_xep0280_5() throws Exception {
        // Given balcony turned carbons on and off again
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection chamber = accounts.loggedIn(juliet, "chamber");
        XMPPTCPConnection balcony = accounts.loggedIn(juliet, "balcony");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        carbonsOf(balcony);
        CarbonManager.getInstanceFor(balcony).disableCarbons();

        try (StanzaCollector balconyInbox = balcony.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            // When chamber writes to romeo, and then romeo writes to balcony directly
            Chat.send(chamber, romeo.getUser(), romeo);
            Message direct = Chat.send(romeo, balcony.getUser(), balcony);

            // Then the first message balcony saw is romeo's, sent after chamber's: no copy of chamber's came before it
            Message first = balconyInbox.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            assertThat(first.toXML().toString()).as("balcony's first message after <disable/>")
                    .doesNotContain(CarbonExtension.NAMESPACE);
            assertThat(first.getBody()).isEqualTo(direct.getBody());
        }
    }

    /** Enables carbons on {@code connection} and collects the copies it receives. */
    private static BlockingQueue<Carbon> carbonsOf(XMPPTCPConnection connection) throws Exception {
        BlockingQueue<Carbon> carbons = new LinkedBlockingQueue<>();
        CarbonManager manager = CarbonManager.getInstanceFor(connection);
        manager.addCarbonCopyReceivedListener((direction, copy, wrapper) -> carbons.add(new Carbon(direction, copy, wrapper)));
        manager.enableCarbons();
        return carbons;
    }

    private static Carbon next(BlockingQueue<Carbon> carbons, XMPPTCPConnection receiver) throws InterruptedException {
        Carbon carbon = carbons.poll(Accounts.REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(carbon).as("a carbon copy for %s within %s", receiver.getUser(), Accounts.REPLY_TIMEOUT).isNotNull();
        return carbon;
    }
}
