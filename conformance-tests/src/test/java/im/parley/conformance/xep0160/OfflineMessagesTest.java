package im.parley.conformance.xep0160;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.dist.ParleyConfig;
import im.parley.storage.StorageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;

/** XEP-0160 §2-3: messages to an offline user are stored and delivered, in order, at the next available presence. */
@ParleyServer(config = OfflineMessagesTest.SmallQueue.class)
class OfflineMessagesTest {
    static final int QUEUE_LIMIT = 5;

    /** A queue of {@value #QUEUE_LIMIT} messages per user, so the limit is reached quickly. */
    public static final class SmallQueue implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            StorageConfig s = defaults.storage();
            return new ParleyConfig(defaults.server(),
                    new StorageConfig(s.url(), s.user(), s.password(), s.poolSize(), QUEUE_LIMIT), defaults.modules());
        }
    }

    private final Accounts accounts;

    OfflineMessagesTest(Accounts accounts) {
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0160", section = "2", quote = "The recipient's server now delivers the offline message to that "
            + "resource (it is RECOMMENDED for the server to add a Delayed Delivery (XEP-0203) extension")
    void deliversStoredMessagesInOrderWithDelayAfterReconnect_xep0160_2() throws Exception {
        // Given juliet logged in once and gone, and romeo writing to her three times
        Credentials juliet = accounts.registered("juliet");
        accounts.loggedIn(juliet).disconnect();
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        List<String> sent = sendAll(romeo, juliet.jid(), 3);

        // When juliet comes back and sends initial presence
        List<Message> received = loginAndCollect(juliet, sent.size());

        // Then every message arrives, in the order sent, stamped by the server with a XEP-0203 delay
        assertThat(received).extracting(Message::getBody).as("offline messages, in order").containsExactlyElementsOf(sent);
        for (Message message : received) {
            DelayInformation delay = DelayInformation.from(message);
            assertThat(delay).as("XEP-0203 <delay/> on an offline message").isNotNull();
            assertThat(delay.getFrom()).isEqualTo(accounts.target().domain());
            assertThat(message.getFrom().asBareJid().toString()).isEqualTo(romeo.getUser().asBareJid().toString());
        }
    }

    @Test
    @Spec(document = "XEP-0160", section = "2", quote = "because the recipient's offline message queue is full), the "
            + "server returns a <service-unavailable/> error to the sender")
    void fullQueueAnswersServiceUnavailableAndKeepsWhatIsQueued_xep0160_2() throws Exception {
        // Given juliet offline with a full queue
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        List<String> sent = sendAll(romeo, juliet.jid(), QUEUE_LIMIT);

        // When romeo sends one more
        Message extra = romeo.getStanzaFactory().buildMessageStanza().to(juliet.jid()).ofType(Message.Type.chat)
                .setBody("one too many").build();
        try (StanzaCollector replies = romeo.createStanzaCollector(new StanzaIdFilter(extra.getStanzaId()))) {
            romeo.sendStanza(extra);

            // Then it bounces with service-unavailable
            Message error = replies.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            assertThat(error).as("an error for the message past the queue limit").isNotNull();
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        }

        // and nothing that was queued is lost: juliet gets all of it, and not the extra one
        List<Message> received = loginAndCollect(juliet, sent.size());
        assertThat(received).extracting(Message::getBody).containsExactlyElementsOf(sent);
    }

    @Test
    @Spec(document = "XEP-0160", section = "3", quote = "Messages with a 'type' attribute whose value is \"chat\" "
            + "SHOULD be stored offline")
    void messageToAFullJidOfAGoneResourceIsStoredToo_rfc6121_8_5_3_2_1() throws Exception {
        // Given juliet's resource 'balcony' gone
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection balcony = accounts.loggedIn(juliet, "balcony");
        Jid balconyJid = balcony.getUser();
        balcony.disconnect();
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");

        // When romeo writes to that full JID
        List<String> sent = sendAll(romeo, balconyJid, 1);

        // Then juliet gets it at her next login
        assertThat(loginAndCollect(juliet, 1)).extracting(Message::getBody).containsExactlyElementsOf(sent);
    }

    @Test
    @Spec(document = "XEP-0160", section = "2", quote = "The recipient's server now delivers the offline message to that "
            + "resource")
    void theBacklogGoesToOneResourceOnly_neitherASecondResourceNorALaterLoginGetsItAgain_xep0160_2() throws Exception {
        // Given three messages stored for juliet
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        List<String> sent = sendAll(romeo, juliet.jid(), 3);

        // When her first resource comes online and gets them, and a second one comes online right after
        Inbox first = loginWithPresence(juliet);
        assertThat(first.collect(sent.size())).extracting(Message::getBody).containsExactlyElementsOf(sent);
        Inbox second = loginWithPresence(juliet);

        // Then the second gets none of them, and neither does a login after both are gone
        assertThat(second.collect(0)).as("offline messages delivered to a second resource").isEmpty();
        first.close();
        second.close();
        Inbox later = loginWithPresence(juliet);
        assertThat(later.collect(0)).as("offline messages delivered again at a later login").isEmpty();
        later.close();
    }

    /** A logged-in connection that listens for messages from before its initial presence on. */
    private record Inbox(XMPPTCPConnection connection, StanzaCollector messages) implements AutoCloseable {
        /** The next {@code count} messages, then a ping round trip after which nothing more may have arrived. */
        List<Message> collect(int count) throws Exception {
            List<Message> received = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Message message = messages.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
                assertThat(message).as("offline message %d of %d", i + 1, count).isNotNull();
                received.add(message);
            }
            assertThat(PingManager.getInstanceFor(connection).pingMyServer(true, Accounts.REPLY_TIMEOUT.toMillis()))
                    .isTrue();
            assertThat(messages.<Message>pollResult()).as("no more messages than were queued").isNull();
            return received;
        }

        @Override
        public void close() {
            messages.cancel();
            connection.disconnect();
        }
    }

    private Inbox loginWithPresence(Credentials user) throws Exception {
        XMPPTCPConnection connection = accounts.connected(accounts.configuration().setSendPresence(false).build());
        accounts.login(connection, user, null);
        StanzaCollector messages = connection.createStanzaCollector(MessageWithBodiesFilter.INSTANCE);
        connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).build());
        return new Inbox(connection, messages);
    }

    /** Sends {@code count} chat messages with unique bodies, then pings: the server has handled them when it answers. */
    private static List<String> sendAll(XMPPTCPConnection sender, Jid to, int count) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "offline " + i + " " + UUID.randomUUID();
            sender.sendStanza(sender.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat)
                    .setBody(body).build());
            bodies.add(body);
        }
        assertThat(PingManager.getInstanceFor(sender).pingMyServer(true, Accounts.REPLY_TIMEOUT.toMillis())).isTrue();
        return bodies;
    }

    /** Logs in without presence, listens, then sends initial presence and collects {@code count} messages. */
    private List<Message> loginAndCollect(Credentials user, int count) throws Exception {
        Inbox inbox = loginWithPresence(user);
        List<Message> received = inbox.collect(count);
        inbox.messages().cancel();
        return received;
    }
}
