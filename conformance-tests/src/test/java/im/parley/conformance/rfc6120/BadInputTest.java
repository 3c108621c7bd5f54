package im.parley.conformance.rfc6120;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ParleyServerExtension;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import im.parley.config.LimitsConfig;
import im.parley.dist.ParleyConfig;
import im.parley.server.XmppServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Abuse of the stream (issue 3, "Bad input"): each input over a raw socket earns the exact stream error RFC 6120
 * prescribes, nothing is ever expanded, and afterwards the server still serves: two other logged-in sessions keep
 * chatting and a new connection is answered. The in-process server runs with small limits to keep the tests quick.
 */
@ParleyServer(config = BadInputTest.SmallLimits.class)
class BadInputTest {
    static final int MAX_STANZA_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 32;
    static final int OUTBOUND_BUFFER_BYTES = 64 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Small limits so that oversize, nesting, silence and a non-reading client trip them quickly; no inbound byte
     * rate, so that the flood of a non-reading client's sender arrives at once (InboundRateTest covers the rate).
     */
    public static final class SmallLimits implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            LimitsConfig d = defaults.server().limits();
            return ParleyServerExtension.withLimits(defaults, new LimitsConfig(MAX_STANZA_BYTES, MAX_DEPTH,
                    OUTBOUND_BUFFER_BYTES, IDLE_TIMEOUT, d.pingInterval(), d.pingTimeout())
                    .withInboundRate(0, d.inboundBurstBytes()));
        }
    }

    private final Target target;
    private final Accounts accounts;
    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;

    BadInputTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @BeforeEach
    void twoUsersChatting() {
        alice = accounts.loggedIn("alice");
        bob = accounts.loggedIn("bob");
    }

    @AfterEach
    void serverStillServes() {
        // Then, whatever the input was: the other sessions still chat, and a new stream is answered with features
        Chat.assertChatting(alice, bob);
        try (RawXmppClient fresh = RawXmppClient.connect(target)) {
            assertThat(fresh.openStream()).contains("features");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.13", quote = "not-well-formed: The initiating entity has sent XML "
            + "that violates the well-formedness rules of [XML]")
    void malformedXmlGetsNotWellFormed_rfc6120_4_9_3_13() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            // When an element is closed with the wrong end tag
            client.send("<message to='x@" + target.domain() + "'><body>oops</message>");
            assertStreamError(client, "not-well-formed");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "11.1", quote = "An XMPP entity MUST NOT accept ... an XML document type "
            + "declaration ... restricted-xml")
    void documentTypeDeclarationGetsRestrictedXml_rfc6120_11_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When the stream starts with a DTD
            client.send("<?xml version='1.0'?><!DOCTYPE stream:stream>" + streamOpenWithoutProlog());
            assertStreamError(client, "restricted-xml");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "11.1", quote = "entity declarations ... MUST NOT ... restricted-xml")
    void entityDeclarationGetsRestrictedXml_rfc6120_11_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.send("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY greeting 'expanded-entity-text'>]>"
                    + streamOpenWithoutProlog() + "<message to='x@" + target.domain() + "'><body>&greeting;</body></message>");
            assertStreamError(client, "restricted-xml");
            assertThat(client.transcript()).doesNotContain("S: expanded-entity-text").doesNotContain(">expanded-entity-text<");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "11.1", quote = "entity references (except for predefined entities) ... "
            + "restricted-xml")
    void undefinedEntityReferenceGetsRestrictedXml_rfc6120_11_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            // When a stanza references an entity other than the five predefined ones
            client.send("<message to='x@" + target.domain() + "'><body>&nbsp;&xxe;</body></message>");
            assertStreamError(client, "restricted-xml");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "11.1", quote = "entity declarations ... MUST NOT ... restricted-xml")
    void billionLaughsIsRefusedWithoutExpansion_rfc6120_11_1() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE stream:stream [<!ENTITY lol0 'lol'>");
        for (int i = 1; i <= 9; i++) {
            String previous = "&lol" + (i - 1) + ";";
            dtd.append("<!ENTITY lol").append(i).append(" '").append(previous.repeat(10)).append("'>");
        }
        dtd.append("]>");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When the classic exponential-expansion payload arrives
            client.send("<?xml version='1.0'?>" + dtd + streamOpenWithoutProlog()
                    + "<message to='x@" + target.domain() + "'><body>&lol9;</body></message>");
            assertStreamError(client, "restricted-xml");
            assertThat(client.transcript()).doesNotContain("lollol");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "11.1", quote = "entity declarations ... MUST NOT ... restricted-xml")
    void externalEntityIsRefusedWithoutReadingIt_rfc6120_11_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When an external entity points at a local file
            client.send("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                    + streamOpenWithoutProlog() + "<message to='x@" + target.domain() + "'><body>&xxe;</body></message>");
            assertStreamError(client, "restricted-xml");
            assertThat(client.transcript()).doesNotContain("root:");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "13.12", quote = "a server MAY ... limit the size of stanzas ... "
            + "policy-violation")
    void stanzaOverSizeLimitGetsPolicyViolation_rfc6120_4_9_3_12() {
        Credentials mallory = accounts.registered("mallory");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(mallory, Optional.of("big"));
            // When an authenticated client sends one stanza larger than the limit
            String body = "x".repeat(target.limits().maxStanzaBytes() + 1024);
            client.sendQuietly("<message> with a " + body.length() + "-byte body",
                    ("<message type='chat' to='" + bob.getUser() + "'><body>" + body + "</body></message>")
                            .getBytes(StandardCharsets.UTF_8));
            assertStreamError(client, "policy-violation");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.12", quote = "policy-violation: The entity has violated some local "
            + "service policy")
    void nestingDeeperThanLimitGetsPolicyViolation_rfc6120_4_9_3_12() {
        Credentials mallory = accounts.registered("mallory");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(mallory, Optional.of("deep"));
            // When a stanza nests elements deeper than the limit
            client.send("<message to='" + bob.getUser() + "'>" + "<x>".repeat(target.limits().maxDepth() + 10));
            assertStreamError(client, "policy-violation");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.6", quote = "host-unknown")
    void unknownToGetsHostUnknown_rfc6120_4_9_3_6() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.send(RawXmppClient.header("elsewhere.example"));
            assertStreamError(client, "host-unknown");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.10", quote = "invalid-namespace")
    void wrongStreamNamespaceGetsInvalidNamespace_rfc6120_4_9_3_10() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='urn:example:wrong' to='"
                    + target.domain() + "' version='1.0'>");
            assertStreamError(client, "invalid-namespace");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.14", quote = "not-authorized: The entity has attempted to send XML "
            + "stanzas or other outbound data before the stream has been authenticated")
    void stanzaBeforeAuthenticationGetsNotAuthorized_rfc6120_4_9_3_14() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            client.startTls();
            client.openStream();
            client.send("<message to='" + bob.getUser() + "'><body>who am I?</body></message>");
            assertStreamError(client, "not-authorized");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "8.3.3.8", quote = "jid-malformed: The sending entity has provided ... an "
            + "XMPP address or aspect thereof that violates the rules defined in [XMPP-ADDR]")
    void iqToAMalformedAddressBeforeBindingGetsJidMalformed_rfc6120_8_3_3_8() {
        Credentials mallory = accounts.registered("mallory");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            client.startTls();
            client.openStream();
            // When a registration form is asked for (XEP-0077 §3.1) at an address with an empty resourcepart
            client.send("<iq type='get' id='form-bad-to' to='" + target.domain() + "/'>"
                    + "<query xmlns='jabber:iq:register'/></iq>");
            assertThat(client.awaitStanzaError("form-bad-to")).isEqualTo("jid-malformed");

            // And, authenticated, a resource binding request (RFC 6120 §7) to an address with an empty localpart
            client.authenticateOnSecuredStream(mallory);
            client.send("<iq type='set' id='bind-bad-to' to='@" + target.domain() + "'>"
                    + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            assertThat(client.awaitStanzaError("bind-bad-to")).isEqualTo("jid-malformed");

            // Then the stream goes on: binding works
            assertThat(client.bind(Optional.of("lair"))).as(client.transcript()).endsWith("/lair");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.4", quote = "connection-timeout: One party is closing the stream "
            + "because it has reason to believe that the other party has permanently lost the ability to communicate")
    void silentConnectionGetsConnectionTimeout_rfc6120_4_9_3_4() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When a client connects and sends nothing at all
            client.timeout(target.limits().idleTimeout().plusSeconds(10));
            assertStreamError(client, "connection-timeout");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "13.12", quote = "a service ... can protect itself against ... resource "
            + "exhaustion")
    void clientThatNeverReadsIsDisconnectedInsteadOfBufferedWithoutBound_rfc6120_13_12() throws Exception {
        // Given a victim session whose client never reads (and whose kernel receive buffer is tiny)
        Credentials victim = accounts.registered("victim");
        Optional<XmppServer> server = target.inProcess().map(parley -> parley.server());
        try (RawXmppClient slow = RawXmppClient.connect(target, Optional.of(4096))) {
            String victimJid = slow.login(victim, Optional.of("slow"));
            slow.send("<presence/>");
            int sessionsBefore = server.map(XmppServer::sessionCount).orElse(-1);
            long memoryBefore = usedNettyMemory().orElse(0);
            long peakGrowth = 0;

            // When alice floods it with 32 MiB of headlines (16 KiB each, below the stanza limit)
            String body = "y".repeat(16 * 1024);
            int sent = 0;
            int total = 2048;
            for (; sent < total; sent++) {
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                        .to(JidCreate.from(victimJid)).ofType(Message.Type.headline).setBody(body).build());
                if (sent % 64 == 63) {
                    peakGrowth = Math.max(peakGrowth, usedNettyMemory().orElse(0) - memoryBefore);
                    if (server.isPresent() && server.get().sessionCount() < sessionsBefore) {
                        break; // the server already gave up on the victim
                    }
                }
            }

            // Then the server ends that session (it leaves the registry) and closes its socket ...
            if (server.isPresent()) {
                await("the server to drop the non-reading session from its registry").atMost(Duration.ofSeconds(15)).until(() -> server.get().sessionCount() == sessionsBefore - 1);
            }
            slow.timeout(Duration.ofSeconds(20)).awaitClosedByServer();
            // ... having held far less than the flood in its own buffers
            assertThat(peakGrowth).as("growth of Netty's buffer memory while %d KiB were flooded", (sent + 1) * 16)
                    .isLessThan(16L * 1024 * 1024);
        }
    }

    /** Heap and direct memory held by Netty's default allocator, when it reports it. */
    private static OptionalLong usedNettyMemory() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            var metric = provider.metric();
            return OptionalLong.of(metric.usedDirectMemory() + metric.usedHeapMemory());
        }
        return OptionalLong.empty();
    }

    private String streamOpenWithoutProlog() {
        return "<stream:stream xmlns='jabber:client' xmlns:stream='" + RawXmppClient.STREAMS_NS + "' to='"
                + target.domain() + "' version='1.0'>";
    }

    /** RFC 6120 §4.9.1.1: the exact condition, then the server closes the stream and the connection. */
    private static void assertStreamError(RawXmppClient client, String condition) {
        assertThat(client.awaitStreamError()).as(client.transcript()).isEqualTo(condition);
        client.awaitClosedByServer();
    }
}
