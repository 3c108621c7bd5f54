package im.parley.conformance.rfc6120;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.util.Optional;
import java.util.UUID;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/**
 * XEP-0368 (SRV records for XMPP over TLS): the direct-TLS port starts with the TLS handshake and then carries an
 * ordinary RFC 6120 stream, minus STARTTLS. Kept with RFC 6120 because it is the same stream negotiation.
 */
@ParleyServer
class DirectTlsTest {
    private final Target target;
    private final Accounts accounts;

    DirectTlsTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0368", section = "3", quote = "the client ... immediately establishes a TLS session ... "
            + "and then starts an XMPP stream")
    void directTlsStreamOffersSaslWithoutStartTls_xep0368_3() {
        try (RawXmppClient client = RawXmppClient.connectDirectTls(target)) {
            // When a client opens a stream inside TLS from the first byte
            String features = client.openStream();

            // Then it is offered SASL straight away, and no STARTTLS
            assertThat(client.tlsSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(features).contains("urn:ietf:params:xml:ns:xmpp-sasl").doesNotContain("<starttls");
        }
    }

    @Test
    @Spec(document = "XEP-0368", section = "3", quote = "clients ... SHOULD use ALPN ... 'xmpp-client'")
    void directTlsAcceptsAlpnXmppClient_xep0368_3() {
        try (RawXmppClient client = RawXmppClient.connectDirectTls(target)) {
            // Then the server selects the protocol the client proposed
            assertThat(client.applicationProtocol()).isEqualTo("xmpp-client");
        }
    }

    @Test
    @Spec(document = "XEP-0368", section = "3", quote = "then starts an XMPP stream")
    void loginAndChatOverDirectTls_xep0368_3() {
        // Given a registered user, and a friend logged in over STARTTLS
        Credentials romeo = accounts.registered("romeo");
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");

        try (RawXmppClient client = RawXmppClient.connectDirectTls(target);
                StanzaCollector inbox = juliet.createStanzaCollector(MessageWithBodiesFilter.INSTANCE)) {
            // When romeo authenticates and binds over direct TLS (no STARTTLS step) and sends a message
            client.openStream();
            RawXmppClient.SaslReply reply = client.auth("PLAIN",
                    ("\0" + romeo.username() + "\0" + romeo.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(reply.kind()).as(client.transcript()).isEqualTo("success");
            client.openStream();
            String fullJid = client.bind(Optional.of("direct"));
            String body = "over direct TLS " + UUID.randomUUID();
            client.send("<message type='chat' to='" + juliet.getUser() + "'><body>" + body + "</body></message>");

            // Then juliet receives it from romeo's full JID
            Message received = inbox.nextResult(Accounts.REPLY_TIMEOUT.toMillis());
            assertThat(received).as("message over direct TLS\n%s", client.transcript()).isNotNull();
            assertThat(received.getBody()).isEqualTo(body);
            assertThat(received.getFrom().toString()).isEqualTo(fullJid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
