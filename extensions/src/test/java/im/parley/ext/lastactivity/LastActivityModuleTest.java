package im.parley.ext.lastactivity;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.module.ServerServices;
import im.parley.module.SessionView;
import im.parley.storage.LastActivity;
import im.parley.storage.RosterItem;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.Subscription;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import im.parley.testing.MutableClock;
import im.parley.testing.RecordingServices;
import im.parley.testing.Requesters;
import im.parley.testing.Stanzas;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.StreamError;

/** XEP-0012 (version 2.0), with the XEP's examples; the domain is capulet.com and romeo is a local contact. */
class LastActivityModuleTest {
    private static final String DOMAIN = "capulet.com";

    @TempDir
    Path dataDirectory;

    private final MutableClock clock = MutableClock.fixed();
    private final RecordingServices services = new RecordingServices(DOMAIN, clock);
    private Storage storage;
    private ModuleHarness harness;
    private final LiveSessions live = new LiveSessions(services);
    private LogoutRecorder recorder;

    @BeforeEach
    void start() {
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        for (String user : List.of("juliet", "romeo", "tybalt")) {
            assertThat(storage.users().create(user, List.of())).isTrue();
        }
        // juliet approved romeo's subscription to her presence (RFC 6121 §3.1.5: her item for him is 'from')
        storage.rosters().put("juliet", RosterItem.of("romeo@capulet.com").withSubscription(Subscription.FROM));
        // tybalt is in her roster, but she never let him see her presence
        storage.rosters().put("juliet", RosterItem.of("tybalt@capulet.com").withSubscription(Subscription.TO));
        harness = ModuleHarness.of(services, new LastActivityModule(storage.lastActivity(), storage.rosters()));
        recorder = new LogoutRecorder(storage.lastActivity(), live);
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    @Test
    void advertisesTheFeature_xep0012_6() {
        assertThat(harness.discoFeatures()).contains("jabber:iq:last");
    }

    @Test
    void watchesPresenceAndSessionsToRecordLogouts_xep0012_3() {
        assertThat(harness.inboundInterceptors()).hasAtLeastOneElementOfType(LogoutRecorder.class);
        assertThat(harness.sessionListeners()).hasAtLeastOneElementOfType(LogoutRecorder.class);
    }

    @Test
    void answersWithTheSecondsSinceLogoutAndTheLastStatus_xep0012_3() {
        // Given: juliet logged out with "Heading Home"; 903 seconds pass
        login("juliet@capulet.com/balcony");
        inbound("<presence from='juliet@capulet.com/balcony' type='unavailable'><status>Heading Home</status></presence>");
        logout("juliet@capulet.com/balcony");
        clock.advance(Duration.ofSeconds(903));

        // When: Example 3's query
        IQ reply = harness.handle(harness.iq("""
                <iq from='romeo@capulet.com/orchard' to='juliet@capulet.com' type='get' id='last1'>
                  <query xmlns='jabber:iq:last'/>
                </iq>"""));

        // Then: Example 3's answer
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getID()).isEqualTo("last1");
        assertThat(reply.getFrom()).isEqualTo(new JID("juliet@capulet.com"));
        assertThat(reply.getChildElement().getNamespaceURI()).isEqualTo("jabber:iq:last");
        assertThat(reply.getChildElement().attributeValue("seconds")).isEqualTo("903");
        assertThat(reply.getChildElement().getText()).isEqualTo("Heading Home");
    }

    @Test
    void recordsTheLogoutOnlyWhenTheLastResourceGoes_xep0012_3() {
        // Given: juliet on two resources; balcony leaves at t0, chamber 60 s later
        login("juliet@capulet.com/balcony");
        login("juliet@capulet.com/chamber");
        logout("juliet@capulet.com/balcony");
        assertThat(storage.lastActivity().find("juliet")).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        Instant lastLogout = clock.instant();
        logout("juliet@capulet.com/chamber");

        // When
        clock.advance(Duration.ofSeconds(5));
        IQ reply = ask("romeo@capulet.com/orchard", "juliet@capulet.com");

        // Then: counted from the last resource, with no status text (none was sent)
        assertThat(storage.lastActivity().find("juliet")).contains(new LastActivity(lastLogout, ""));
        assertThat(reply.getChildElement().attributeValue("seconds")).isEqualTo("5");
        assertThat(reply.getChildElement().getText()).isEmpty();
    }

    @Test
    void answersZeroWhileAResourceIsAvailable_xep0012_3() {
        // Given: an older logout on record, and juliet available now
        storage.lastActivity().put("juliet", new LastActivity(clock.instant().minusSeconds(4000), "Gone"));
        services.session(new SessionView(new JID("juliet@capulet.com/balcony"), true, 0, Optional.empty()));

        // When
        IQ reply = ask("romeo@capulet.com/orchard", "juliet@capulet.com");

        // Then: "an empty <query/> element whose 'seconds' attribute is set to a value of '0'"
        assertThat(reply.getChildElement().attributeValue("seconds")).isEqualTo("0");
        assertThat(reply.getChildElement().getText()).isEmpty();
    }

    @Test
    void forbidsContactsNotSubscribedToThePresence_xep0012_3() {
        // Given: a logout on record
        storage.lastActivity().put("juliet", new LastActivity(clock.instant(), "Heading Home"));

        // When: tybalt (subscription 'to' from her side) and a stranger ask
        IQ tybalt = ask("tybalt@capulet.com/street", "juliet@capulet.com");
        IQ stranger = ask("paris@capulet.com/church", "juliet@capulet.com");

        // Then: "MUST return a Forbidden error", and nothing of the record
        for (IQ reply : List.of(tybalt, stranger)) {
            assertThat(reply.getType()).isEqualTo(IQ.Type.error);
            assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.forbidden);
            assertThat(reply.toXML()).doesNotContain("Heading Home");
        }
    }

    @Test
    void forbidsEvenWhileTheUserIsOnline_xep0012_8() {
        // Given: a seconds='0' answer would reveal her network availability (§8) to tybalt
        services.session(new SessionView(new JID("juliet@capulet.com/balcony"), true, 0, Optional.empty()));

        // When
        IQ reply = ask("tybalt@capulet.com/street", "juliet@capulet.com");

        // Then
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.forbidden);
    }

    @Test
    void letsAUserAskAboutTheirOwnAccount() {
        storage.lastActivity().put("romeo", new LastActivity(clock.instant(), ""));
        clock.advance(Duration.ofSeconds(42));

        IQ reply = ask("romeo@capulet.com/orchard", "romeo@capulet.com");

        assertThat(reply.getChildElement().attributeValue("seconds")).isEqualTo("42");
    }

    @Test
    void answersItemNotFoundForAnAccountThatNeverLoggedOut() {
        IQ reply = ask("romeo@capulet.com/orchard", "juliet@capulet.com");

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.item_not_found);
    }

    @Test
    void answersTheServersUptime_xep0012_5() {
        // Given: the server started when the module registered; 123456 seconds pass
        clock.advance(Duration.ofSeconds(123_456));

        // When: Example 6's query
        IQ reply = harness.handle(harness.iq("""
                <iq from='romeo@montague.net/orchard' to='capulet.com' type='get' id='last3'>
                  <query xmlns='jabber:iq:last'/>
                </iq>"""), Requesters.user("romeo@capulet.com/orchard"));

        // Then: Example 6's answer, without character data
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getChildElement().attributeValue("seconds")).isEqualTo("123456");
        assertThat(reply.getChildElement().getText()).isEmpty();
    }

    @Test
    void rejectsASet() {
        IQ reply = harness.handle(harness.iq("""
                <iq from='romeo@capulet.com/orchard' to='capulet.com' type='set' id='s1'>
                  <query xmlns='jabber:iq:last' seconds='1'/>
                </iq>"""));

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
    }

    @Test
    void forgetsAGoodbyeWhenTheResourceComesBack() {
        // Given: juliet said goodbye, then became available again before her session ended
        login("juliet@capulet.com/balcony");
        inbound("<presence from='juliet@capulet.com/balcony' type='unavailable'><status>Heading Home</status></presence>");
        inbound("<presence from='juliet@capulet.com/balcony'><show>away</show></presence>");

        // When
        logout("juliet@capulet.com/balcony");

        // Then
        assertThat(storage.lastActivity().find("juliet")).map(LastActivity::status).contains("");
    }

    // ---- helpers

    private IQ ask(String from, String to) {
        return harness.handle(harness.iq("<iq from='" + from + "' to='" + to + "' type='get' id='q'>"
                + "<query xmlns='jabber:iq:last'/></iq>"));
    }

    private void login(String fullJid) {
        live.sessions.add(new JID(fullJid));
        recorder.bound(new JID(fullJid));
    }

    /** As the core does it: the session is unbound, then the listeners are told. */
    private void logout(String fullJid) {
        live.sessions.remove(new JID(fullJid));
        recorder.closed(new JID(fullJid));
    }

    private void inbound(String xml) {
        Packet packet = Stanzas.parse(xml);
        assertThat(recorder.intercept(packet, Requesters.user(packet.getFrom().toFullJID()))).containsSame(packet);
    }

    /**
     * Sessions that come and go, for the logout recorder ({@link RecordingServices} only adds sessions). The
     * harness's module answers queries from the same storage, with no session of juliet's bound.
     */
    private static final class LiveSessions implements ServerServices {
        private final RecordingServices delegate;
        private final Set<JID> sessions = new CopyOnWriteArraySet<>();

        LiveSessions(RecordingServices delegate) {
            this.delegate = delegate;
        }

        @Override
        public String domain() {
            return delegate.domain();
        }

        @Override
        public Clock clock() {
            return delegate.clock();
        }

        @Override
        public void route(Packet packet) {
            delegate.route(packet);
        }

        @Override
        public void routeInOrder(Packet packet) {
            delegate.routeInOrder(packet);
        }

        @Override
        public void closeSessions(String username, StreamError.Condition condition) {
            delegate.closeSessions(username, condition);
        }

        @Override
        public List<SessionView> sessionsOf(String bareJid) {
            return sessions.stream().filter(jid -> jid.toBareJID().equals(bareJid))
                    .map(jid -> new SessionView(jid, true, 0, Optional.empty())).toList();
        }

        @Override
        public List<String> discoFeatures() {
            return delegate.discoFeatures();
        }

        @Override
        public boolean isOnline(JID fullJid) {
            return sessions.contains(fullJid);
        }
    }
}
