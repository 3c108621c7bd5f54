package im.parley.conformance.xep0199;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ParleyServerExtension;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import im.parley.config.LimitsConfig;
import im.parley.dist.ParleyConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Test;

/** XEP-0199: the server answers pings, and pings silent clients itself, ending the sessions that do not answer. */
@ParleyServer(config = PingTest.FastPings.class)
class PingTest {
    static final Duration PING_INTERVAL = Duration.ofSeconds(1);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    /** The server pings after one second of silence and waits two for the answer. */
    public static final class FastPings implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            LimitsConfig d = defaults.server().limits();
            return ParleyServerExtension.withLimits(defaults, new LimitsConfig(d.maxStanzaBytes(), d.maxDepth(),
                    d.outboundBufferBytes(), d.idleTimeout(), PING_INTERVAL, PING_TIMEOUT));
        }
    }

    private final Target target;
    private final Accounts accounts;

    PingTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0199", section = "4.2", quote = "the server MUST ... return an IQ-result (if it supports "
            + "the namespace)")
    void serverAnswersClientPing_xep0199_4_2() throws Exception {
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");

        assertThat(PingManager.getInstanceFor(romeo).pingMyServer(true, Accounts.REPLY_TIMEOUT.toMillis())).isTrue();
    }

    @Test
    @Spec(document = "XEP-0199", section = "4.2", quote = "The server returns an IQ-result (Example 5), which MUST NOT "
            + "contain a child element")
    void pingResultIsEmpty_xep0199_4_2() {
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("raw"));
            client.send(RawXmppClient.pingRequest("c2s1", target.domain()));

            var result = client.awaitMatch(Pattern.compile("<iq\\b[^>]*\\bid=['\"]c2s1['\"][^>]*(/>|>[\\s\\S]*?</iq>)"));
            assertThat(result.group()).as(client.transcript()).containsPattern("type=['\"]result['\"]");
            assertThat(result.group()).doesNotContain("<ping");
        }
    }

    @Test
    @Spec(document = "XEP-0199", section = "4.1", quote = "A server MAY send a ping to a connected client in order to "
            + "verify that the client is still connected")
    void clientThatAnswersServerPingsStaysConnected_xep0199_4_1() throws Exception {
        target.requireInProcess();
        // Given a Smack client that answers the server's pings and counts them (an IQ handler of our own: Smack
        // hands IQ requests to their handler, not to stanza listeners)
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        CountDownLatch pings = new CountDownLatch(3);
        romeo.registerIQRequestHandler(new AbstractIqRequestHandler(Ping.ELEMENT, Ping.NAMESPACE, IQ.Type.get,
                IQRequestHandler.Mode.async) {
            @Override
            public IQ handleIQRequest(IQ request) {
                pings.countDown();
                return IQ.createResultIQ(request);
            }
        });

        // When romeo stays silent through three ping rounds
        assertThat(pings.await(10 * PING_INTERVAL.plus(PING_TIMEOUT).toSeconds(), TimeUnit.SECONDS))
                .as("the server pinged the idle client three times").isTrue();

        // Then his session is still there and works
        assertThat(romeo.isConnected()).isTrue();
        assertThat(PingManager.getInstanceFor(romeo).pingMyServer(true, Accounts.REPLY_TIMEOUT.toMillis())).isTrue();
    }

    @Test
    @Spec(document = "XEP-0199", section = "4.1", quote = "If the client does not respond ... the server ... SHOULD "
            + "terminate the stream")
    void clientThatIgnoresServerPingGetsConnectionTimeout_xep0199_4_1() {
        target.requireInProcess();
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("deaf"));
            client.timeout(Duration.ofSeconds(15));

            // When the server's ping arrives and is never answered
            client.awaitMatch(Pattern.compile("urn:xmpp:ping"));

            // Then the server gives up on the session with connection-timeout (RFC 6120 §4.9.3.4)
            assertThat(client.awaitStreamError()).as(client.transcript()).isEqualTo("connection-timeout");
            client.awaitClosedByServer();
        }
    }
}
