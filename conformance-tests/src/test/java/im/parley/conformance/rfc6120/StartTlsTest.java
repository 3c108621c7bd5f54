package im.parley.conformance.rfc6120;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.RawXmppClient.SaslReply;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/** RFC 6120 §5 (STARTTLS) with RFC 7590: TLS is mandatory-to-negotiate on this server. */
@ParleyServer
class StartTlsTest {
    private static final Pattern STARTTLS_REQUIRED = Pattern.compile(
            "<starttls xmlns=['\"]urn:ietf:params:xml:ns:xmpp-tls['\"]>\\s*<required\\s*/>\\s*</starttls>");

    private final Target target;
    private final Accounts accounts;

    StartTlsTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "RFC 6120", section = "5.3.1", quote = "If the receiving entity considers STARTTLS negotiation to be "
            + "mandatory-to-negotiate, it MUST include an empty <required/> child element")
    void mandatoryStartTlsIsAdvertisedAsRequired_rfc6120_5_3_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When a client opens a stream over plain TCP
            String features = client.openStream();

            // Then STARTTLS is offered as required, and SASL is not yet offered (nothing to authenticate in the clear)
            assertThat(features).containsPattern(STARTTLS_REQUIRED);
            assertThat(features).doesNotContain("urn:ietf:params:xml:ns:xmpp-sasl");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "5.4.3.3", quote = "the receiving entity MUST ... send a new response stream "
            + "header ... followed by stream features")
    void afterTlsTheFeaturesOfferSasl_rfc6120_5_4_3_3() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // Given STARTTLS negotiated
            client.openStream();
            client.startTls();

            // When the client opens the new stream
            String features = client.openStream();

            // Then SASL mechanisms are offered and STARTTLS is not offered again
            assertThat(client.tlsSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(features).contains("urn:ietf:params:xml:ns:xmpp-sasl").contains("<mechanism>");
            assertThat(features).doesNotContain("<starttls");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "5.4.3.3", quote = "the receiving entity MUST discard any knowledge obtained "
            + "in an insecure manner from the initiating entity before TLS took effect")
    void plaintextSentBehindStartTlsIsNotReadAsPartOfTheEncryptedStream_rfc6120_5_4_3_3() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            // Given a man in the middle who appends his own stream header and stanza, in the clear, to <starttls/>
            // (the plaintext injection of CVE-2011-0411)
            client.send("<starttls xmlns='" + RawXmppClient.TLS_NS + "'/>" + client.header()
                    + "<iq type='get' id='injected'><query xmlns='jabber:iq:roster'/></iq>");
            client.awaitProceed();
            client.upgradeToTls();

            // When the real client opens its stream inside TLS
            String features = client.openStream();

            // Then the server answers that stream, and only it: the injected bytes were dropped, not parsed (had they
            // been, the injected IQ before authentication would have ended the stream with not-authorized)
            assertThat(features).as(client.transcript()).contains("<mechanism>").doesNotContain("stream:error");
            Credentials romeo = accounts.registered("romeo");
            SaslReply reply = client.auth("PLAIN", ("\0" + romeo.username() + "\0" + romeo.password())
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(reply.kind()).as(client.transcript()).isEqualTo("success");
            assertThat(client.transcript().lines().filter(line -> line.startsWith("S:")))
                    .as("nothing the server sent answers the injected IQ").noneMatch(line -> line.contains("injected"));
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "5.3.1", quote = "If ... the initiating entity ... sends a stanza before "
            + "completing TLS negotiation ... the receiving entity MUST return a <not-authorized/> stream error")
    void stanzaBeforeTlsGetsNotAuthorized_rfc6120_5_3_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // Given a stream over plain TCP
            client.openStream();

            // When the client sends a stanza without negotiating TLS
            client.send("<message to='someone@" + target.domain() + "'><body>in the clear</body></message>");

            // Then not-authorized, and the stream ends
            assertThat(client.awaitStreamError()).isEqualTo("not-authorized");
            client.awaitClosedByServer();
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "6.4.6", quote = "the initiating entity MUST NOT attempt to send XML stanzas "
            + "... before ... SASL negotiation")
    void stanzaAfterTlsButBeforeAuthenticationGetsNotAuthorized_rfc6120_6_4_6() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // Given a TLS-protected stream, not authenticated
            client.openStream();
            client.startTls();
            client.openStream();

            // When the client sends a stanza
            client.send("<message to='someone@" + target.domain() + "'><body>not logged in</body></message>");

            // Then not-authorized
            assertThat(client.awaitStreamError()).isEqualTo("not-authorized");
            client.awaitClosedByServer();
        }
    }

    @Test
    @Spec(document = "RFC 7590", section = "3", quote = "XMPP ... implementations ... MUST support TLS 1.2")
    void smackLogsInOverStartTls_rfc6120_5_4() {
        // When Smack logs in with TLS required
        XMPPTCPConnection connection = accounts.loggedIn("juliet");

        // Then the session is protected by TLS and authenticated
        assertThat(connection.isSecureConnection()).isTrue();
        assertThat(connection.isAuthenticated()).isTrue();
    }
}
