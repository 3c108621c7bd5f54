package im.parley.conformance.durability;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.storage.testing.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "No data lost": while PostgreSQL is stopped, stanzas that need it fail with internal-server-error or a
 * wait-type error (never silence, never an acknowledgement of a dropped stanza), sessions and live chat keep
 * running, and once the database is back the same requests succeed without restarting Parley.
 */
class DatabaseOutageTest {
    /** Longer than the pool's connection timeout (5 s), so an answer that comes after it is still seen. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern ERROR = Pattern.compile("<error\\b[^>]*\\btype=['\"]([a-z]+)['\"][^>]*>\\s*<([a-z-]+)");

    @TempDir
    Path base;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @Spec(document = "RFC 6120", section = "8.3.3.5", quote = "The server has experienced a misconfiguration or other "
            + "internal error that prevents it from processing the stanza.")
    void databaseOutageYieldsStanzaErrorsAndRecoversWithoutRestart_rfc6120_8_3_3_5() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.startOrSkip();
             ChildParley parley = ChildParley.start(base,
                     ChildParley.postgresStorage(cluster.createDatabase("outage"), PostgresCluster.USER))) {
            // Given: alice and bob online and chatting, carol registered but offline; alice uses stream management
            Credentials aliceAccount = RawSteps.register(parley.target(), "alice");
            Credentials bobAccount = RawSteps.register(parley.target(), "bob");
            Credentials carol = RawSteps.register(parley.target(), "carol");
            RawXmppClient alice = online(parley, aliceAccount);
            RawXmppClient bob = online(parley, bobAccount);
            RawSteps.enableStreamManagement(alice);
            int aliceStanzas = 0;
            SoftAssertions softly = new SoftAssertions();

            alice.send(RawSteps.message(bobAccount.bareJid(), 1));
            aliceStanzas++;
            softly.assertThat(awaitReply(bob, "message", "m-1")).as("live chat before the outage").isPresent();
            alice.send(offlineMessage(carol, "before-outage"));
            aliceStanzas += 2; // and the ping
            softly.assertThat(RawSteps.ping(alice, "sync-before").text()).as("offline store before the outage")
                    .doesNotContain("type='error'").doesNotContain("type=\"error\"");

            // When: PostgreSQL stops
            cluster.stopServer();

            // Then: a message for an offline account (needs the offline store) gets an error reply, not silence
            alice.send(offlineMessage(carol, "during-outage"));
            aliceStanzas++;
            Optional<RawSteps.Reply> offline = awaitReply(alice, "message", "during-outage");
            softly.assertThat(offline).as("error reply to a message for an offline user during the outage\n%s",
                    alice.transcript()).hasValueSatisfying(reply -> assertDatabaseError(reply));
            // ... a roster get (RFC 6121 §2.1.3) is answered: from the server's cached roster, or with an error
            alice.send("<iq type='get' id='roster-down'><query xmlns='jabber:iq:roster'/></iq>");
            aliceStanzas++;
            softly.assertThat(awaitReply(alice, "iq", "roster-down")).as("roster get during the outage\n%s",
                    alice.transcript()).hasValueSatisfying(reply -> {
                        if (!reply.isResult()) {
                            assertDatabaseError(reply);
                        }
                    });
            // ... and a vCard get (XEP-0054), which needs the database, gets an error
            alice.send("<iq type='get' id='vcard-down'><vCard xmlns='vcard-temp'/></iq>");
            aliceStanzas++;
            softly.assertThat(awaitReply(alice, "iq", "vcard-down")).as("vCard get during the outage\n%s",
                    alice.transcript()).hasValueSatisfying(reply -> assertDatabaseError(reply));
            // ... while chat between online users still flows and both sessions are up
            alice.send(RawSteps.message(bobAccount.bareJid(), 2));
            aliceStanzas++;
            softly.assertThat(awaitReply(bob, "message", "m-2")).as("live chat during the outage\nalice:\n%s\nbob:\n%s",
                    alice.transcript(), bob.transcript()).isPresent();
            softly.assertThat(RawSteps.ping(bob, "bob-alive").isResult()).as("bob's session during the outage").isTrue();
            aliceStanzas++; // the ping below
            softly.assertThat(RawSteps.ping(alice, "alice-alive").isResult()).as("alice's session during the outage").isTrue();
            // XEP-0198 §4: a stanza answered with an error has been handled and counts towards 'h'
            alice.send("<r xmlns='" + RawSteps.SM_NS + "'/>");
            softly.assertThat(RawSteps.awaitAck(alice)).as("'h' counts every stanza, failed ones included\n%s",
                    alice.transcript()).isEqualTo(aliceStanzas);

            // When: PostgreSQL is back
            cluster.startServer();

            // Then: the same requests succeed again, without restarting Parley
            alice.send(offlineMessage(carol, "after-outage"));
            softly.assertThat(RawSteps.ping(alice, "sync-after").text()).as("offline store after the outage\n%s",
                    alice.transcript()).doesNotContain("id='after-outage' type='error'")
                    .doesNotContain("<error");
            alice.send("<iq type='get' id='roster-up'><query xmlns='jabber:iq:roster'/></iq>");
            softly.assertThat(awaitReply(alice, "iq", "roster-up")).as("roster get after the outage\n%s",
                    alice.transcript()).hasValueSatisfying(reply -> assertThat(reply.isResult()).isTrue());
            alice.send("<iq type='get' id='vcard-up'><vCard xmlns='vcard-temp'/></iq>");
            softly.assertThat(awaitReply(alice, "iq", "vcard-up")).as("vCard get after the outage\n%s",
                    alice.transcript()).hasValueSatisfying(reply -> assertThat(reply.isResult()).isTrue());
            alice.send(RawSteps.message(bobAccount.bareJid(), 3));
            softly.assertThat(awaitReply(bob, "message", "m-3")).as("live chat after the outage").isPresent();
            // ... and what was stored before and after the outage reaches carol when she comes online
            try (RawXmppClient carolClient = online(parley, carol)) {
                String received = RawSteps.ping(carolClient, "carol-sync").text()
                        + awaitReply(carolClient, "message", "after-outage").map(RawSteps.Reply::text).orElse("");
                softly.assertThat(received).as("carol's offline messages\n%s", carolClient.transcript())
                        .contains("id='before-outage'").contains("id='after-outage'");
            }
            alice.close();
            bob.close();
            try {
                softly.assertAll();
            } catch (AssertionError failures) {
                String log = parley.output();
                throw new AssertionError(failures.getMessage() + "\n--- Parley's log ---\n"
                        + (log.length() <= 20_000 ? log : "…" + log.substring(log.length() - 20_000)), failures);
            }
        }
    }

    /** Logged in, with initial presence sent (so offline messages are delivered and live ones routed to it). */
    private static RawXmppClient online(ChildParley parley, Credentials account) {
        RawXmppClient client = RawSteps.loggedIn(parley.target(), account, "desk");
        client.timeout(REPLY_TIMEOUT);
        client.send("<presence/>");
        return client;
    }

    private static String offlineMessage(Credentials to, String id) {
        return "<message to='" + to.bareJid() + "' type='chat' id='" + id + "'><body>" + id + "</body></message>";
    }

    /** The stanza answering {@code id}, or empty when none came within the timeout (silence). */
    private static Optional<RawSteps.Reply> awaitReply(RawXmppClient client, String element, String id) {
        try {
            return Optional.of(RawSteps.reply(client, element, id));
        } catch (AssertionError silence) {
            return Optional.empty();
        }
    }

    /** RFC 6120 §8.3.3.5 internal-server-error, or any error of type 'wait' (§8.3.2: retry after waiting). */
    private static void assertDatabaseError(RawSteps.Reply reply) {
        assertThat(reply.isError()).as("an error reply: %s", reply.text()).isTrue();
        Matcher error = ERROR.matcher(reply.text());
        assertThat(error.find()).as("an <error/> with a condition in %s", reply.text()).isTrue();
        assertThat(error.group(1).equals("wait") || error.group(2).equals("internal-server-error"))
                .as("internal-server-error or a wait-type error, got type=%s condition=%s", error.group(1), error.group(2))
                .isTrue();
    }
}
