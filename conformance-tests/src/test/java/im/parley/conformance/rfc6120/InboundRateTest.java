package im.parley.conformance.rfc6120;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ParleyServerExtension;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import im.parley.dist.ParleyConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/**
 * A client that sends faster than its connection's byte rate (Parley's {@code limits.inbound-bytes-per-second}) is
 * slowed down, not cut off: every stanza it sent arrives, in order, and other users go on chatting meanwhile. The
 * in-process server runs with a small rate so that the test takes seconds; Parley-specific, so in-process only.
 */
@ParleyServer(config = InboundRateTest.SmallRate.class)
class InboundRateTest {
    static final int BYTES_PER_SECOND = 32 * 1024;
    static final int BURST_BYTES = 16 * 1024;

    public static final class SmallRate implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            return ParleyServerExtension.withLimits(defaults,
                    defaults.server().limits().withInboundRate(BYTES_PER_SECOND, BURST_BYTES));
        }
    }

    private final Target target;
    private final Accounts accounts;

    InboundRateTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0205", section = "4.7", quote = "Bandwidth Limits")
    void aClientOverItsByteRateIsSlowedWithoutLosingAStanza_xep0205_4_7() throws Exception {
        target.requireInProcess();
        XMPPTCPConnection bob = accounts.loggedIn("bob");
        XMPPTCPConnection alice = accounts.loggedIn("alice");
        Credentials mallory = accounts.registered("mallory");
        int total = 320;
        // every message bob gets, in the order he gets them: mallory's by number, anyone else's as "other"
        List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstOfFlood = new CountDownLatch(1);
        CountDownLatch allOfFlood = new CountDownLatch(total);
        StanzaListener recorder = stanza -> {
            String body = ((Message) stanza).getBody();
            if (body.startsWith("flood ")) {
                arrivals.add(body.substring(6, body.indexOf(' ', 6)));
                firstOfFlood.countDown();
                allOfFlood.countDown();
            } else {
                arrivals.add("other");
            }
        };
        bob.addSyncStanzaListener(recorder, MessageWithBodiesFilter.INSTANCE);

        long connected = System.nanoTime();
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(mallory, Optional.of("flood"));
            // When mallory sends about 150 KB of messages at once, nine times the burst, at four times the rate
            StringBuilder flood = new StringBuilder();
            String padding = "z".repeat(400);
            for (int i = 0; i < total; i++) {
                flood.append("<message type='chat' to='").append(bob.getUser().asBareJid()).append("' id='f").append(i)
                        .append("'><body>flood ").append(i).append(' ').append(padding).append("</body></message>");
            }
            byte[] bytes = flood.toString().getBytes(StandardCharsets.UTF_8);
            // from another thread: the write may block while the server reads at the rate
            CompletableFuture<Void> sending = CompletableFuture.runAsync(
                    () -> client.sendQuietly(total + " messages, " + bytes.length + " bytes", bytes));
            assertThat(firstOfFlood.await(Accounts.REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // Then alice and bob chat as usual while mallory's messages are still coming in at the rate
            Chat.assertChatting(alice, bob);

            // and every one of mallory's messages reaches bob, in the order sent, after alice's
            assertThat(allOfFlood.await(Accounts.REPLY_TIMEOUT.multipliedBy(3).toSeconds(), TimeUnit.SECONDS))
                    .as("all %d messages delivered", total).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - connected);
            sending.join(); // rethrows what the send failed with
            List<String> fromMallory = new ArrayList<>(arrivals);
            fromMallory.removeIf("other"::equals);
            List<String> inOrder = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                inOrder.add(Integer.toString(i));
            }
            assertThat(fromMallory).containsExactlyElementsOf(inOrder);
            assertThat(arrivals.indexOf("other")).as("alice's message among mallory's").isLessThan(
                    arrivals.indexOf(Integer.toString(total - 1)));
            // no sooner than the rate allows: all but the burst at the rate (TLS records and the login add to it)
            long atLeastMillis = (bytes.length - BURST_BYTES) * 1000L / BYTES_PER_SECOND;
            assertThat(took).as("time from connecting to the last message").isGreaterThanOrEqualTo(
                    Duration.ofMillis(atLeastMillis));
            // and the connection is still open: slowed, not cut off
            assertThat(client.pingServer("after-flood")).contains("result");
        } finally {
            bob.removeSyncStanzaListener(recorder);
        }
    }
}
