package im.parley.conformance.durability;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.storage.testing.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 4, "No data lost": Parley runs in a child JVM; a sender with stream management sends a burst of messages to
 * an offline account and records the highest 'h' the server acknowledged; the server is SIGKILLed mid-burst and
 * started again on the same data. Every acknowledged message must then reach the recipient from offline storage, in
 * order, and be in the sender's archive: design.md, "A stanza is acknowledged to its sender (XEP-0198 {@code <a/>})
 * only after it is delivered to a live session or committed to storage. An acked message is never lost."
 */
class SigkillDurabilityTest {
    private static final Logger log = LoggerFactory.getLogger(SigkillDurabilityTest.class);
    /** Messages per {@code <r/>}; the first {@link #ACKED_BEFORE_KILL} batches are acknowledged before the kill. */
    private static final int BATCH = 50;
    private static final int BATCHES = 80;
    private static final int ACKED_BEFORE_KILL = 8;
    /** Ack requests outstanding at once, so the server has work queued when the kill lands. */
    private static final int WINDOW = 6;

    @TempDir
    Path base;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @Spec(document = "XEP-0198", section = "4", quote = "'h' identifies the last handled stanza (i.e., the last stanza that the server will acknowledge as having received)")
    void acknowledgedMessagesSurviveSigkill_onH2_xep0198_4_xep0160() throws Exception {
        acknowledgedMessagesSurviveSigkill("", () -> "(H2: not inspected)");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    @Spec(document = "XEP-0198", section = "4", quote = "'h' identifies the last handled stanza (i.e., the last stanza that the server will acknowledge as having received)")
    void acknowledgedMessagesSurviveSigkill_onPostgresql_xep0198_4_xep0160() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.startOrSkip()) {
            String url = cluster.createDatabase("sigkill");
            acknowledgedMessagesSurviveSigkill(ChildParley.postgresStorage(url, PostgresCluster.USER),
                    () -> rowCounts(url));
        }
    }

    /**
     * @param storageYaml the storage section of the configuration (empty: H2 in the data directory)
     * @param stored what the database holds after the kill, for the failure message
     */
    private void acknowledgedMessagesSurviveSigkill(String storageYaml, Supplier<String> stored) throws Exception {
        // Given: two accounts on a Parley in a child JVM; the recipient is offline
        Credentials sender;
        Credentials recipient;
        long acked = 0;
        int sent = 0;
        String firstRunOutput;
        try (ChildParley first = ChildParley.start(base, storageYaml)) {
            sender = RawSteps.register(first.target(), "sender");
            recipient = RawSteps.register(first.target(), "recipient");
            RawXmppClient client = RawSteps.loggedIn(first.target(), sender, "burst");
            RawSteps.enableStreamManagement(client);

            // When: the sender streams batches of messages, each followed by <r/>, with a few acks outstanding; once
            // the first batches are acknowledged the server is SIGKILLed while the burst continues
            CompletableFuture<Void> killed = null;
            boolean killRequested = false;
            int requested = 0;
            int answered = 0;
            try {
                while (requested < BATCHES) {
                    for (int i = 0; i < BATCH; i++) {
                        client.send(RawSteps.message(recipient.bareJid(), sent++));
                    }
                    client.send("<r xmlns='" + RawSteps.SM_NS + "'/>");
                    requested++;
                    while (requested - answered >= WINDOW || (requested == BATCHES && answered < requested)) {
                        long h = RawSteps.awaitAck(client);
                        assertThat(h).as("'h' never goes back (XEP-0198 §4)").isGreaterThanOrEqualTo(acked);
                        acked = h;
                        answered++;
                        if (answered == ACKED_BEFORE_KILL && killed == null) {
                            killRequested = true;
                            killed = CompletableFuture.runAsync(() -> kill(first));
                        }
                    }
                }
            } catch (AssertionError connectionLost) {
                // Expected once the kill lands: the socket closes under the sender (the transcript is in the message).
                if (!killRequested) {
                    throw connectionLost;
                }
            }
            assertThat(killed).as("the kill was started").isNotNull();
            killed.get(30, TimeUnit.SECONDS);
            assertThat(first.alive()).as("the server is gone after SIGKILL").isFalse();
            client.close();
            firstRunOutput = first.output();
        }
        String storedAfterKill = stored.get();
        // The kill must land mid-stream, or the test proves nothing about in-flight work.
        assertThat(acked).as("acknowledged before the kill").isGreaterThanOrEqualTo((long) ACKED_BEFORE_KILL * BATCH)
                .as("the kill landed mid-stream (not after the last ack)").isLessThan(sent);

        // Then: after a restart on the same data, the recipient gets every acknowledged message, in order
        try (ChildParley second = ChildParley.start(base, storageYaml)) {
            List<String> delivered;
            String recipientTranscript;
            try (RawXmppClient client = RawSteps.loggedIn(second.target(), recipient, "reader")) {
                client.timeout(Duration.ofSeconds(30));
                client.send("<presence/>");
                StringBuilder received = new StringBuilder();
                try {
                    received.append(RawSteps.through(client, "<body>m-" + (acked - 1) + "</body>"));
                } catch (AssertionError missing) {
                    throw new AssertionError("acknowledged message m-" + (acked - 1) + " was not delivered after the"
                            + " restart; delivered: " + RawSteps.bodies(client.transcript()).size() + " messages, "
                            + "stored at the kill: " + storedAfterKill + "\n--- restarted server ---\n" + tail(second.output())
                            + "\n--- killed server ---\n" + tail(firstRunOutput), missing);
                }
                // Every queued message is routed before the ping is handled (same ordered executor): a sync point.
                received.append(RawSteps.ping(client, "after-offline").text());
                delivered = RawSteps.bodies(received.toString());
                recipientTranscript = client.transcript();
            }
            assertThat(delivered.size()).as("delivered at least the %d acknowledged messages", acked)
                    .isGreaterThanOrEqualTo((int) acked);
            assertThat(delivered).as("offline delivery after the kill: in order, no gaps, no duplicates\n"
                            + "recipient transcript tail:\n%s\nfirst run:\n%s", tail(recipientTranscript), tail(firstRunOutput))
                    .containsExactlyElementsOf(RawSteps.expectedBodies(delivered.size()));

            // And: the sender's archive (XEP-0313) holds every acknowledged message too, in order
            try (RawXmppClient client = RawSteps.loggedIn(second.target(), sender, "history")) {
                client.timeout(Duration.ofSeconds(30));
                client.send("<iq type='set' id='mam-1'><query xmlns='urn:xmpp:mam:2' queryid='q1'>"
                        + "<x xmlns='jabber:x:data' type='submit'>"
                        + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                        + "<field var='with'><value>" + recipient.bareJid() + "</value></field></x>"
                        + "<set xmlns='http://jabber.org/protocol/rsm'><max>10000</max></set></query></iq>");
                RawSteps.Reply page = RawSteps.iq(client, "mam-1");
                assertThat(page.isResult()).as("archive query answered\n%s", tail(client.transcript())).isTrue();
                List<String> archived = RawSteps.bodies(page.text());
                assertThat(archived.size()).as("archived at least the %d acknowledged messages", acked)
                        .isGreaterThanOrEqualTo((int) acked);
                assertThat(archived).as("sender's archive after the kill: in order, no gaps, no duplicates")
                        .containsExactlyElementsOf(RawSteps.expectedBodies(archived.size()));
                log.info("SIGKILL durability ({}): sent {}, acknowledged {} before the kill; after the restart {} "
                        + "delivered from offline storage, {} in the sender's archive",
                        storageYaml.isEmpty() ? "H2" : "PostgreSQL", sent, acked, delivered.size(), archived.size());
            }
        }
    }

    private static String rowCounts(String url) {
        try (Connection c = DriverManager.getConnection(url, PostgresCluster.USER, "");
             Statement s = c.createStatement();
             ResultSet offline = s.executeQuery("SELECT count(*) FROM offline_message")) {
            offline.next();
            long queued = offline.getLong(1);
            try (ResultSet archive = s.executeQuery("SELECT count(*) FROM archive_message")) {
                archive.next();
                return queued + " offline rows, " + archive.getLong(1) + " archive rows";
            }
        } catch (SQLException e) {
            return "(cannot count rows: " + e.getMessage() + ")";
        }
    }

    private static void kill(ChildParley parley) {
        try {
            parley.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing Parley", e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }
}
