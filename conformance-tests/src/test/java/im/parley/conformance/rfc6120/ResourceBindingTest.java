package im.parley.conformance.rfc6120;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/** RFC 6120 §7: resource binding, client-chosen or server-generated, and the conflict policy. */
@ParleyServer
class ResourceBindingTest {
    private final Target target;
    private final Accounts accounts;

    ResourceBindingTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "RFC 6120", section = "7.7.2.1", quote = "the server MUST ... return an IQ stanza of type "
            + "\"result\" ... containing a <jid/> element that specifies the full JID")
    void clientChosenResourceIsBound_rfc6120_7_7() {
        // Given a registered user
        Credentials romeo = accounts.registered("romeo");

        // When Smack binds the resource "balcony"
        XMPPTCPConnection connection = accounts.loggedIn(romeo, "balcony");

        // Then the full JID carries it
        assertThat(connection.getUser().toString()).isEqualTo(romeo.bareJid() + "/balcony");
    }

    @Test
    @Spec(document = "RFC 6120", section = "7.6", quote = "the server MUST generate a resourcepart ... the resourcepart "
            + "... MUST be unique among the connected resources for that account")
    void serverGeneratesResourceWhenClientAsksNone_rfc6120_7_6() {
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient first = RawXmppClient.connect(target); RawXmppClient second = RawXmppClient.connect(target)) {
            // When two sessions bind without naming a resource
            String jid1 = first.login(romeo, Optional.empty());
            String jid2 = second.login(romeo, Optional.empty());

            // Then each gets a non-empty, distinct resource on romeo's bare JID
            assertThat(jid1).startsWith(romeo.bareJid() + "/").hasSizeGreaterThan(romeo.bareJid().length() + 1);
            assertThat(jid2).startsWith(romeo.bareJid() + "/").isNotEqualTo(jid1);
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "7.7.2.2", quote = "Override the existing session with the new session ... "
            + "the server MUST ... terminate the existing session (with a <conflict/> stream error)")
    void sameResourceTwiceReplacesOldSessionWithConflict_rfc6120_7_7_2_2() throws Exception {
        // Given romeo logged in as romeo/balcony, and a friend
        Credentials romeo = accounts.registered("romeo");
        XMPPTCPConnection old = accounts.loggedIn(romeo, "balcony");
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        CompletableFuture<Exception> closedOnError = new CompletableFuture<>();
        old.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closedOnError.complete(e);
            }
        });

        // When a second session binds the same resource
        XMPPTCPConnection replacement = accounts.loggedIn(romeo, "balcony");

        // Then (Parley's documented policy) the old session ends with <conflict/>, the new one works
        Exception error = closedOnError.get(Accounts.REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(StreamErrorException.class);
        assertThat(((StreamErrorException) error).getStreamError().getCondition()).isEqualTo(StreamError.Condition.conflict);
        assertThat(replacement.getUser().toString()).isEqualTo(romeo.bareJid() + "/balcony");
        Chat.assertChatting(replacement, juliet);
    }
}
