package im.parley.conformance.rfc6121;

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
import java.util.concurrent.atomic.AtomicReference;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/** RFC 6121 §4: initial presence, probes, unavailable presence (also when a connection dies), directed presence, priority. */
@ParleyServer(config = PresenceTest.ShortResumption.class)
class PresenceTest {
    /** {@code limits.resumption-timeout} for this class: a dropped stream-management session ends soon. */
    static final Duration RESUMPTION_TIMEOUT = Duration.ofSeconds(2);
    /** How long a test waits for what follows the end of a resumable session. */
    static final long AFTER_RESUMPTION_MS = RESUMPTION_TIMEOUT.toMillis() + Accounts.REPLY_TIMEOUT.toMillis();

    /** The default limits, except a resumption timeout of {@link #RESUMPTION_TIMEOUT}. */
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

    PresenceTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "RFC 6121", section = "4.2.2", quote = "the user's server MUST send the initial presence stanza from "
            + "the full JID <user@domainpart/resourcepart> of the user to all contacts that are subscribed to the user's presence")
    void initialPresenceGoesToSubscribersAndOwnResources_rfc6121_4_2_2() throws Exception {
        // Given juliet and romeo subscribed to each other, and tybalt, who is not subscribed to juliet
        Credentials julietAccount = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, julietAccount, "balcony");
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");
        ImSession tybalt = ImSession.login(accounts, accounts.registered("tybalt"), "street");
        befriend(juliet, romeo);

        try (StanzaCollector atRomeo = romeo.collect(ImSession.presence(Presence.Type.available, julietAccount.jid()));
                StanzaCollector atBalcony = juliet.collect(ImSession.presence(Presence.Type.available, julietAccount.jid()));
                StanzaCollector atTybalt = tybalt.collect(ImSession.presence(Presence.Type.available, julietAccount.jid()))) {
            // When juliet comes online on a second resource (Smack sends initial presence at login)
            ImSession chamber = ImSession.login(accounts, julietAccount, "chamber");
            chamber.sync();

            // Then romeo and her other resource see the chamber's presence, from its full JID
            Presence seenByRomeo = ImSession.next(atRomeo);
            assertThat(seenByRomeo).as("initial presence of %s at the subscriber %s", chamber.jid(), romeo.jid()).isNotNull();
            assertThat(seenByRomeo.getFrom().toString()).isEqualTo(chamber.jid().toString());
            Presence seenByBalcony = ImSession.next(atBalcony);
            assertThat(seenByBalcony).as("§4.2.2: initial presence of %s at the user's own %s", chamber.jid(), juliet.jid())
                    .isNotNull();
            assertThat(seenByBalcony.getFrom().toString()).isEqualTo(chamber.jid().toString());

            // And tybalt, not a subscriber, sees nothing
            tybalt.sync();
            assertThat((Object) atTybalt.pollResult()).as("§4.2.2: presence only to subscribers").isNull();
        }
    }

    @Test
    @Spec(document = "RFC 6121", section = "4.3.2", quote = "if the contact has at least one available resource, the "
            + "contact's server MUST reply to the presence probe by sending to the user the full XML of the last presence "
            + "stanza received by the server from each of the contact's available non-negative resources")
    void contactsPresenceArrivesAtLogin_rfc6121_4_3_2() throws Exception {
        // Given juliet and romeo subscribed to each other, romeo online with a status
        Credentials julietAccount = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, julietAccount, "balcony");
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");
        befriend(juliet, romeo);
        romeo.send(romeo.connection().getStanzaFactory().buildPresenceStanza().setStatus("under the balcony").build());
        romeo.sync();

        // When juliet logs in on another resource (her server probes her contacts on her behalf, §4.2.2)
        AtomicReference<StanzaCollector> seen = new AtomicReference<>();
        ImSession chamber = ImSession.login(accounts, julietAccount, "chamber",
                c -> seen.set(c.createStanzaCollector(ImSession.presence(Presence.Type.available, romeo.bareJid()))));

        // Then she gets romeo's current presence, status included, from his full JID
        Presence presence = ImSession.next(seen.get());
        assertThat(presence).as("romeo's presence at %s after login", chamber.jid()).isNotNull();
        assertThat(presence.getFrom().toString()).isEqualTo(romeo.jid().toString());
        assertThat(presence.getStatus()).isEqualTo("under the balcony");
        seen.get().cancel();
    }

    @Test
    @Spec(document = "RFC 6121", section = "4.5.2", quote = "the user's server MUST broadcast the unavailable presence "
            + "stanza to the full JIDs of all contacts that are subscribed to the user's presence")
    void cleanLogoutIsBroadcastAsUnavailable_rfc6121_4_5_2() throws Exception {
        // Given juliet and romeo subscribed to each other, both online
        ImSession juliet = ImSession.login(accounts, accounts.registered("juliet"), "balcony");
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");
        befriend(juliet, romeo);

        try (StanzaCollector gone = romeo.collect(ImSession.presence(Presence.Type.unavailable, juliet.jid()))) {
            // When juliet logs out properly (Smack sends unavailable presence, then closes the stream)
            juliet.connection().disconnect();

            // Then romeo learns that this resource of hers is gone
            Presence unavailable = ImSession.next(gone);
            assertThat(unavailable).as("unavailable presence of %s at %s", juliet.jid(), romeo.jid()).isNotNull();
        }
    }

    @Test
    @Spec(document = "RFC 6121", section = "4.5.2", quote = "If ... the user's server detects that the user has gone "
            + "offline without sending unavailable presence ... the server MUST broadcast unavailable presence on the "
            + "user's behalf (paraphrased; issue 5: unavailable on disconnect, also when the connection dies)")
    void abruptDisconnectIsBroadcastAsUnavailable_rfc6121_4_5_2() throws Exception {
        // Given juliet without stream management (nothing to resume) and romeo, subscribed to each other
        Credentials julietAccount = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, julietAccount, "balcony", c -> c.setUseStreamManagement(false));
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");
        befriend(juliet, romeo);

        try (StanzaCollector gone = romeo.collect(ImSession.presence(Presence.Type.unavailable, juliet.jid()))) {
            // When her connection dies without a goodbye (the socket is closed, no unavailable presence, no </stream>)
            juliet.connection().instantShutdown();

            // Then romeo learns that she is gone
            Presence unavailable = ImSession.next(gone);
            assertThat(unavailable).as("unavailable presence of %s at %s after the socket died", juliet.jid(), romeo.jid())
                    .isNotNull();
        }
    }

    @Test
    @Spec(document = "XEP-0198", section = "5", quote = "the server ... SHOULD ... after the timeout ... treat the session "
            + "as terminated (RFC 6121 §4.5.2: then broadcast unavailable presence on the user's behalf)")
    void abruptDisconnectOfAResumableSessionIsUnavailableAfterTheResumptionTimeout_rfc6121_4_5_2() throws Exception {
        target.requireInProcess(); // the resumption timeout is this class's configuration
        // Given juliet with stream management (Smack enables resumption against Parley) and romeo, subscribed
        ImSession juliet = ImSession.login(accounts, accounts.registered("juliet"), "balcony");
        assertThat(juliet.connection().isSmResumptionPossible()).as("stream management with resumption is on").isTrue();
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");
        befriend(juliet, romeo);

        try (StanzaCollector gone = romeo.collect(ImSession.presence(Presence.Type.unavailable, juliet.jid()))) {
            // When her connection dies and she never resumes
            juliet.connection().instantShutdown();

            // Then romeo learns that she is gone once the session can no longer be resumed
            Presence unavailable = gone.nextResult(AFTER_RESUMPTION_MS);
            assertThat(unavailable).as("unavailable presence of %s at %s within %d ms of the socket dying (resumption "
                    + "timeout %s)", juliet.jid(), romeo.jid(), AFTER_RESUMPTION_MS, RESUMPTION_TIMEOUT).isNotNull();
        }
    }

    @Test
    @Spec(document = "RFC 6121", section = "4.6.3", quote = "the user's server MUST ... send unavailable presence to ... "
            + "the entities to which the user sent directed presence ... when the user goes offline")
    void directedPresenceIsDeliveredAndCleanedUpAtLogout_rfc6121_4_6() throws Exception {
        // Given juliet and the nurse, with no subscription between them
        ImSession juliet = ImSession.login(accounts, accounts.registered("juliet"), "balcony");
        ImSession nurse = ImSession.login(accounts, accounts.registered("nurse"), "kitchen");

        try (StanzaCollector available = nurse.collect(ImSession.presence(Presence.Type.available, juliet.jid()));
                StanzaCollector unavailable = nurse.collect(ImSession.presence(Presence.Type.unavailable, juliet.jid()))) {
            // When juliet sends presence to the nurse directly (§4.6.2)
            juliet.send(juliet.connection().getStanzaFactory().buildPresenceStanza().to(nurse.jid())
                    .setStatus("come up").build());

            // Then the nurse gets it, from juliet's full JID
            Presence directed = ImSession.next(available);
            assertThat(directed).as("directed presence from %s at %s", juliet.jid(), nurse.jid()).isNotNull();
            assertThat(directed.getStatus()).isEqualTo("come up");

            // And when juliet goes offline without addressing the nurse again, the server tells the nurse (§4.6.3)
            juliet.connection().disconnect();
            assertThat((Presence) ImSession.next(unavailable)).as("unavailable presence from %s at %s, who had "
                    + "directed presence", juliet.jid(), nurse.jid()).isNotNull();
        }
    }

    @Test
    @Spec(document = "RFC 6121", section = "4.6.3", quote = "If the user sends directed presence to an entity and then "
            + "sends unavailable presence (broadcast), the user's server MUST ... send unavailable presence to that entity")
    void broadcastUnavailableReachesWhoGotDirectedPresence_rfc6121_4_6_3() throws Exception {
        ImSession juliet = ImSession.login(accounts, accounts.registered("juliet"), "balcony");
        ImSession nurse = ImSession.login(accounts, accounts.registered("nurse"), "kitchen");

        try (StanzaCollector available = nurse.collect(ImSession.presence(Presence.Type.available, juliet.jid()));
                StanzaCollector unavailable = nurse.collect(ImSession.presence(Presence.Type.unavailable, juliet.jid()))) {
            juliet.send(Presence.Type.available, nurse.jid());
            assertThat((Presence) ImSession.next(available)).as("directed presence at the nurse").isNotNull();

            // When juliet broadcasts unavailable presence (no 'to') and stays connected
            juliet.send(juliet.connection().getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.unavailable).build());

            // Then the nurse gets it too
            assertThat((Presence) ImSession.next(unavailable)).as("unavailable presence from %s at %s", juliet.jid(),
                    nurse.jid()).isNotNull();
        }
    }

    @Test
    @Spec(document = "RFC 6121", section = "4.7.2.3", quote = "The <priority/> element ... specifies the priority level of "
            + "the resource")
    void priorityTravelsWithBroadcastAndUpdates_rfc6121_4_7_2_3() throws Exception {
        // Given juliet and romeo subscribed to each other
        Credentials julietAccount = accounts.registered("juliet");
        ImSession juliet = ImSession.login(accounts, julietAccount, "balcony");
        ImSession romeo = ImSession.login(accounts, accounts.registered("romeo"), "orchard");
        befriend(juliet, romeo);

        try (StanzaCollector seen = romeo.collect(ImSession.presence(Presence.Type.available, juliet.jid()))) {
            // When juliet updates her presence with priority 7, then with -1 (§4.4: subsequent presence broadcast)
            juliet.send(juliet.connection().getStanzaFactory().buildPresenceStanza().setPriority(7).build());
            Presence first = ImSession.next(seen);
            juliet.send(juliet.connection().getStanzaFactory().buildPresenceStanza().setPriority(-1).build());
            Presence second = ImSession.next(seen);

            // Then romeo sees each update with its priority
            assertThat(first).as("presence update with priority 7").isNotNull();
            assertThat(first.getPriority()).isEqualTo(7);
            assertThat(second).as("presence update with priority -1").isNotNull();
            assertThat(second.getPriority()).isEqualTo(-1);
        }
        // And a resource logging in later gets her latest presence, priority included (§4.3.2)
        AtomicReference<StanzaCollector> later = new AtomicReference<>();
        ImSession.login(accounts, julietAccount, "chamber",
                c -> later.set(c.createStanzaCollector(ImSession.presence(Presence.Type.available, juliet.jid()))));
        Presence latest = ImSession.next(later.get());
        assertThat(latest).as("juliet's other resource's presence at the new resource").isNotNull();
        assertThat(latest.getPriority()).isEqualTo(-1);
        later.get().cancel();
    }

    /** Mutual subscription ("both"), one stanza at a time, each processed before the next (RFC 6121 §3.1). */
    static void befriend(ImSession a, ImSession b) {
        a.send(Presence.Type.subscribe, b.bareJid());
        a.sync();
        b.send(Presence.Type.subscribed, a.bareJid());
        b.sync();
        b.send(Presence.Type.subscribe, a.bareJid());
        b.sync();
        a.send(Presence.Type.subscribed, b.bareJid());
        a.sync();
        XMPPTCPConnection check = a.connection();
        assertThat(a.item(b.bareJid()).map(i -> i.getItemType().name())).as("%s's roster item for %s", check.getUser(),
                b.bareJid()).contains("both");
    }
}
