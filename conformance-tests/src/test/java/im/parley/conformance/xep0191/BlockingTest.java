package im.parley.conformance.xep0191;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;

/** XEP-0191 §3: a user blocks a contact; neither reaches the other, and the user's other resources are told. */
@ParleyServer
class BlockingTest {
    private final Accounts accounts;

    BlockingTest(Accounts accounts) {
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0191", section = "3.1", quote = "If the server supports the protocol defined herein, it MUST "
            + "return a feature of \"urn:xmpp:blocking\"")
    void serverAdvertisesBlocking_xep0191_3_1() throws Exception {
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        assertThat(BlockingCommandManager.getInstanceFor(juliet).isSupportedByServer()).isTrue();
    }

    @Test
    @Spec(document = "XEP-0191", section = "3.3", quote = "For message stanzas, the server SHOULD return an error, "
            + "which SHOULD be <service-unavailable/>")
    void messagesFromABlockedContactAreNotDelivered_xep0191_3_3() throws Exception {
        // Given juliet blocks romeo
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingCommandManager.getInstanceFor(juliet).blockContacts(List.of(romeo.getUser().asBareJid()));

        try (StanzaCollector julietInbox = juliet.createStanzaCollector(MessageWithBodiesFilter.INSTANCE)) {
            // When romeo writes to her
            Message error = sendAndAwaitError(romeo, juliet.getUser().asBareJid());

            // Then he gets service-unavailable, as if she were unreachable, with nothing that reveals the block
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
            assertThat((Object) error.getError().getExtension("blocked", "urn:xmpp:blocking:errors")).isNull();

            // and the next message juliet sees is from someone else, sent afterwards
            XMPPTCPConnection nurse = accounts.loggedIn("nurse");
            Message marker = Chat.send(nurse, juliet.getUser(), juliet);
            assertThat(julietInbox.<Message>nextResult(Accounts.REPLY_TIMEOUT.toMillis()).getBody())
                    .as("romeo's message must not reach juliet").isEqualTo(marker.getBody());
        }
    }

    @Test
    @Spec(document = "XEP-0191", section = "3.5", quote = "the user's server MUST NOT route the stanza to the contact "
            + "but instead MUST return an error to the user, which MUST be <not-acceptable/>")
    void messagesToABlockedContactComeBackNotAcceptable_xep0191_3_5() throws Exception {
        // Given juliet blocks romeo
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingCommandManager.getInstanceFor(juliet).blockContacts(List.of(romeo.getUser().asBareJid()));

        try (StanzaCollector romeoInbox = romeo.createStanzaCollector(MessageWithBodiesFilter.INSTANCE)) {
            // When she writes to him
            Message error = sendAndAwaitError(juliet, romeo.getUser());

            // Then not-acceptable with <blocked xmlns='urn:xmpp:blocking:errors'/>
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
            assertThat((Object) error.getError().getExtension("blocked", "urn:xmpp:blocking:errors"))
                    .as("<blocked xmlns='urn:xmpp:blocking:errors'/> in the error").isNotNull();

            // and romeo never got it
            XMPPTCPConnection nurse = accounts.loggedIn("nurse");
            Message marker = Chat.send(nurse, romeo.getUser(), romeo);
            assertThat(romeoInbox.<Message>nextResult(Accounts.REPLY_TIMEOUT.toMillis()).getBody())
                    .isEqualTo(marker.getBody());
        }
    }

    @Test
    @Spec(document = "XEP-0191", section = "3.3", quote = "the server MUST push the block to all of the user's "
            + "resources that have requested the blocklist")
    void blockIsPushedToTheOtherResource_xep0191_3_3() throws Exception {
        // Given juliet on two resources, the second one holding the block list
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection chamber = accounts.loggedIn(juliet, "chamber");
        XMPPTCPConnection balcony = accounts.loggedIn(juliet, "balcony");
        BlockingCommandManager balconyBlocking = BlockingCommandManager.getInstanceFor(balcony);
        assertThat(balconyBlocking.getBlockList()).isEmpty();
        CountDownLatch pushed = new CountDownLatch(1);
        balconyBlocking.addJidsBlockedListener(jids -> pushed.countDown());
        Credentials romeo = accounts.registered("romeo");

        // When the first resource blocks romeo
        BlockingCommandManager.getInstanceFor(chamber).blockContacts(List.of(romeo.jid()));

        // Then the second gets the push, and unblocking empties the list again
        assertThat(pushed.await(Accounts.REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("block push").isTrue();
        assertThat(balconyBlocking.getBlockList()).extracting(Jid::toString).containsExactly(romeo.bareJid());
        BlockingCommandManager.getInstanceFor(chamber).unblockAll();
        assertThat(BlockingCommandManager.getInstanceFor(accounts.loggedIn(juliet, "attic")).getBlockList()).isEmpty();
    }

    @Test
    @Spec(document = "XEP-0191", section = "3.4", quote = "the server MUST stop blocking communications with the JID")
    void unblockedContactsChatAgain_xep0191_3_4() throws Exception {
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(juliet);
        blocking.blockContacts(List.of(romeo.getUser().asBareJid()));

        blocking.unblockContacts(List.of(romeo.getUser().asBareJid()));

        Chat.assertChatting(juliet, romeo);
    }

    private static Message sendAndAwaitError(XMPPTCPConnection sender, Jid to) throws Exception {
        Message message = sender.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat)
                .setBody("are you there?").build();
        try (StanzaCollector replies = sender.createStanzaCollector(new StanzaIdFilter(message.getStanzaId()))) {
            sender.sendStanza(message);
            Message error = replies.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            assertThat(error).as("an error reply to the message").isNotNull();
            assertThat(error.getType()).isEqualTo(Message.Type.error);
            return error;
        }
    }
}
