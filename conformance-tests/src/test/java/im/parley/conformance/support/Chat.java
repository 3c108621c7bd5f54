package im.parley.conformance.support;

import java.util.UUID;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.Jid;

/** Message exchange between Smack sessions, waiting on the stanza itself (StanzaCollector), never on the clock. */
public final class Chat {
    private Chat() {
    }

    /** Sends a message with a unique body to {@code to} and returns the copy that {@code receiver} got. */
    public static Message send(XMPPTCPConnection sender, Jid to, XMPPTCPConnection receiver) {
        String body = "hello " + UUID.randomUUID();
        StanzaFilter filter = new AndFilter(MessageWithBodiesFilter.INSTANCE, stanza -> body.equals(((Message) stanza).getBody()));
        try (StanzaCollector collector = receiver.createStanzaCollector(filter)) {
            Message message = sender.getStanzaFactory().buildMessageStanza().to(to).setBody(body).ofType(Message.Type.chat).build();
            sender.sendStanza(message);
            Stanza received = collector.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            if (received == null) {
                throw new AssertionError("no message from " + sender.getUser() + " to " + to + " reached "
                        + receiver.getUser() + " within " + Accounts.REPLY_TIMEOUT);
            }
            return (Message) received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message", e);
        } catch (org.jivesoftware.smack.SmackException.NotConnectedException e) {
            throw new AssertionError(sender.getUser() + " is no longer connected", e);
        }
    }

    /** Both ways between two sessions: the server routes for them. */
    public static void assertChatting(XMPPTCPConnection a, XMPPTCPConnection b) {
        send(a, b.getUser(), b);
        send(b, a.getUser(), a);
    }

    /** A filter for messages from exactly {@code from}. */
    public static StanzaFilter from(Jid from) {
        return FromMatchesFilter.createFull(from);
    }
}
