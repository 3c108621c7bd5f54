package im.parley.conformance.xep0198;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/** XEP-0198 §4 (acks) and §5 (resumption), driven by Smack's stream management and by a raw client. */
@ParleyServer
class StreamManagementTest {
    private static final int BURST = 200;
    private static final String SM = "urn:xmpp:sm:3";

    private final Target target;
    private final Accounts accounts;

    StreamManagementTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0198", section = "5", quote = "the server ... MUST ... resend any stanzas that were not "
            + "acknowledged by the client")
    void aResumedStreamReceivesEveryMessageExactlyOnceAndInOrder_xep0198_5() throws Exception {
        // Given juliet with a resumable stream, and romeo about to send a burst
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        assertThat(juliet.isSmEnabled()).as("server enabled stream management").isTrue();
        assertThat(juliet.isSmResumptionPossible()).as("server offered resumption").isTrue();
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch partway = new CountDownLatch(BURST / 4);
        juliet.addSyncStanzaListener(stanza -> {
            received.add(((Message) stanza).getBody());
            partway.countDown();
        }, MessageWithBodiesFilter.INSTANCE);

        // When juliet's socket dies a quarter of the way through the burst (no </stream:stream>)
        Thread sender = Thread.ofVirtual().start(() -> IntStream.range(0, BURST).forEach(i -> {
            try {
                romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza()
                        .to(juliet.getUser()).ofType(Message.Type.chat).setBody("line " + i).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(partway.await(20, TimeUnit.SECONDS)).as("juliet received the start of the burst").isTrue();
        juliet.instantShutdown();
        sender.join(TimeUnit.SECONDS.toMillis(20));
        // ...and she reconnects
        juliet.connect().login();

        // Then the stream was resumed, and every line arrived once, in order
        assertThat(juliet.streamWasResumed()).as("the stream was resumed, not started anew").isTrue();
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> received.size() >= BURST);
        assertThat(received).containsExactlyElementsOf(IntStream.range(0, BURST).mapToObj(i -> "line " + i).toList());
    }

    @Test
    @Spec(document = "XEP-0198", section = "3", quote = "the server MUST NOT allow the client to enable stream "
            + "management more than once")
    void enablingTwiceFailsWithUnexpectedRequest_xep0198_3() {
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("orchard"));
            client.send("<enable xmlns='" + SM + "' resume='true'/>");
            client.readUntil("<enabled");
            client.send("<enable xmlns='" + SM + "' resume='true'/>");
            String failed = client.readUntil("</failed>");
            assertThat(failed).as(client.transcript()).contains("unexpected-request");
        }
    }

    @Test
    @Spec(document = "XEP-0198", section = "5", quote = "If the server does not support session resumption ... or the "
            + "previd is not recognized, it MUST return a <failed/> element ... <item-not-found/>")
    void nobodyResumesAnotherUsersSession_xep0198_5() {
        Credentials juliet = accounts.registered("juliet");
        Credentials mallory = accounts.registered("mallory");
        try (RawXmppClient victim = RawXmppClient.connect(target); RawXmppClient thief = RawXmppClient.connect(target)) {
            // Given juliet's resumable stream id
            victim.login(juliet, Optional.of("balcony"));
            victim.send("<enable xmlns='" + SM + "' resume='true'/>");
            String id = victim.awaitMatch(Pattern.compile("<enabled[^>]* id=['\"]([^'\"]+)['\"]")).group(1);

            // When mallory, authenticated as herself, presents it
            authenticateWithoutBinding(thief, mallory);
            thief.send("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");

            // Then she is refused, and juliet's session goes on
            assertThat(thief.readUntil("</failed>")).as(thief.transcript()).contains("item-not-found");
            victim.send("<r xmlns='" + SM + "'/>");
            assertThat(victim.readUntil("<a ")).as(victim.transcript()).isNotEmpty();
        }
    }

    @Test
    @Spec(document = "XEP-0198", section = "5", quote = "previd is not recognized ... <item-not-found/>")
    void aForgedPrevidIsItemNotFound_xep0198_5() {
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            authenticateWithoutBinding(client, romeo);
            client.send("<resume xmlns='" + SM + "' previd='forged-previd' h='3'/>");
            assertThat(client.readUntil("</failed>")).as(client.transcript()).contains("item-not-found");
        }
    }

    @Test
    @Spec(document = "XEP-0198", section = "4", quote = "acknowledging more stanzas than were sent ... "
            + "<undefined-condition/> ... <handled-count-too-high/>")
    void anAckForMoreThanWasSentEndsTheStream_xep0198_4() {
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("orchard"));
            client.send("<enable xmlns='" + SM + "'/>");
            client.readUntil("<enabled");
            client.send("<a xmlns='" + SM + "' h='5'/>");
            assertThat(client.awaitStreamError()).as(client.transcript()).isEqualTo("undefined-condition");
        }
    }

    /** STARTTLS, then PLAIN inside TLS, then the new stream: what a client does before it binds or resumes. */
    private static void authenticateWithoutBinding(RawXmppClient client, Credentials credentials) {
        client.openStream();
        client.startTls();
        client.openStream();
        byte[] plain = ("\0" + credentials.username() + "\0" + credentials.password()).getBytes(StandardCharsets.UTF_8);
        assertThat(client.auth("PLAIN", plain).kind()).as(client.transcript()).isEqualTo("success");
        client.openStream();
    }
}
