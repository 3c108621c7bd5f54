package im.parley.conformance.xep0198;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ParleyServerExtension;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import im.parley.config.LimitsConfig;
import im.parley.dist.ParleyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;

/**
 * What a phone on a bad network needs (issue 6): connections that die at random moments lose nothing and duplicate
 * nothing, a session whose resumption window passed hands its unacknowledged messages to the offline store, and a
 * second device finds the whole conversation in the archive.
 */
@ParleyServer(config = ResumptionAndChaosTest.ShortResumption.class)
class ResumptionAndChaosTest {
    static final Duration RESUMPTION_TIMEOUT = Duration.ofSeconds(2);

    /** {@code limits.resumption-timeout} of 2 s, so the window test does not wait minutes. */
    public static final class ShortResumption implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            LimitsConfig l = defaults.server().limits();
            return ParleyServerExtension.withLimits(defaults, new LimitsConfig(l.maxStanzaBytes(), l.maxDepth(),
                    l.outboundBufferBytes(), l.idleTimeout(), l.pingInterval(), l.pingTimeout(), RESUMPTION_TIMEOUT,
                    l.maxUnackedStanzas()));
        }
    }

    private final Target target;
    private final Accounts accounts;

    ResumptionAndChaosTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0198", section = "5", quote = "the server SHOULD ... treat unacknowledged stanzas ... "
            + "as if the resource had gone offline (RFC 6121 §8.5.3.2: store them offline)")
    void afterTheResumptionWindowUnacknowledgedMessagesGoToTheOfflineStore_xep0198_5() throws Exception {
        im.parley.server.XmppServer server = target.requireInProcess().server();
        // Given bob with a resumable stream whose connection dies without a goodbye
        Credentials bobAccount = accounts.registered("bob");
        XMPPTCPConnection bob = accounts.loggedIn(bobAccount, "phone");
        XMPPTCPConnection alice = accounts.loggedIn("alice");
        Jid bobPhone = bob.getUser();
        bob.instantShutdown();

        // When alice writes to the resource that is gone but still resumable, and the window passes
        for (int i = 0; i < 5; i++) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                    .to(bobPhone).ofType(Message.Type.chat).setBody("while away " + i).build());
        }
        Awaitility.await().atMost(RESUMPTION_TIMEOUT.plusSeconds(10))
                .until(() -> server.sessionCount() == 1); // only alice is left

        // Then bob, logging in afresh, gets all five from the offline store, once and in order
        List<String> received = new CopyOnWriteArrayList<>();
        XMPPTCPConnection bobAgain = accounts.unconnected(accounts.configuration()
                .setUsernameAndPassword(bobAccount.username(), bobAccount.password()).setResource("phone2").build());
        bobAgain.addSyncStanzaListener(s -> received.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        bobAgain.connect().login();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> received.size() >= 5);
        assertThat(received).containsExactly("while away 0", "while away 1", "while away 2", "while away 3",
                "while away 4");
    }

    @Test
    @Spec(document = "XEP-0198", section = "5", quote = "resume the stream ... without loss of data")
    void connectionsDyingAtRandomLoseAndDuplicateNothing_andASecondDeviceSeesEverything() throws Exception {
        // Given alice and bob chatting, each on a resumable stream
        Credentials aliceAccount = accounts.registered("alice");
        Credentials bobAccount = accounts.registered("bob");
        XMPPTCPConnection alice = accounts.loggedIn(aliceAccount, "laptop");
        XMPPTCPConnection bob = accounts.loggedIn(bobAccount, "phone");
        List<String> aliceGot = new CopyOnWriteArrayList<>();
        List<String> bobGot = new CopyOnWriteArrayList<>();
        alice.addSyncStanzaListener(s -> aliceGot.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        bob.addSyncStanzaListener(s -> bobGot.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        List<String> aliceSent = new ArrayList<>();
        List<String> bobSent = new ArrayList<>();

        // When 300 messages go both ways while either connection is cut at random moments and resumed
        Random random = new Random(20261124);
        int cuts = 0;
        for (int i = 0; i < 300; i++) {
            boolean fromAlice = random.nextBoolean();
            XMPPTCPConnection sender = fromAlice ? alice : bob;
            XMPPTCPConnection receiver = fromAlice ? bob : alice;
            String body = (fromAlice ? "a" : "b") + i;
            ensureResumed(sender);
            sender.sendStanza(sender.getStanzaFactory().buildMessageStanza()
                    .to(receiver.getUser().asBareJid()).ofType(Message.Type.chat).setBody(body).build());
            (fromAlice ? aliceSent : bobSent).add(body);
            if (random.nextInt(25) == 0) {
                // no </stream:stream>, with stanzas in flight both ways
                (random.nextBoolean() ? alice : bob).instantShutdown();
                cuts++;
            }
        }
        ensureResumed(alice);
        ensureResumed(bob);

        // Then each received exactly what the other sent, in order, once
        Awaitility.await().atMost(30, TimeUnit.SECONDS)
                .until(() -> aliceGot.size() >= bobSent.size() && bobGot.size() >= aliceSent.size());
        assertThat(cuts).as("connections were cut").isGreaterThan(3);
        assertThat(bobGot).containsExactlyElementsOf(aliceSent);
        assertThat(aliceGot).containsExactlyElementsOf(bobSent);

        // And bob's second device finds the whole conversation in his archive (XEP-0313)
        XMPPTCPConnection tablet = accounts.loggedIn(bobAccount, "tablet");
        MamManager mam = MamManager.getInstanceFor(tablet);
        MamManager.MamQuery query = mam.queryArchive(MamManager.MamQueryArgs.builder()
                .limitResultsToJid(alice.getUser().asBareJid()).setResultPageSizeTo(100).build());
        List<String> archived = new ArrayList<>(bodies(query.getMessages()));
        while (!query.isComplete()) {
            archived.addAll(bodies(query.pageNext(100)));
        }
        assertThat(archived).hasSize(aliceSent.size() + bobSent.size());
        assertThat(archived).containsAll(aliceSent).containsAll(bobSent).doesNotHaveDuplicates();
    }

    private static void ensureResumed(XMPPTCPConnection connection) throws Exception {
        if (!connection.isConnected()) {
            connection.connect().login();
            assertThat(connection.streamWasResumed()).as("the stream was resumed").isTrue();
        }
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }
}
