package im.parley.ext.presence;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.ext.roster.RosterConfig;
import im.parley.ext.roster.RosterModule;
import im.parley.ext.roster.Rosters;
import im.parley.module.SessionView;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/** RFC 6121 §3 and §4 through the module's interceptor and session listener, on real H2 storage. */
class PresenceModuleTest {
    private static final String JULIET = "juliet@example.com/balcony";
    private static final String ROMEO = "romeo@example.com/orchard";

    @TempDir
    Path directory;
    private Storage storage;
    private RecordingServices services;
    private ModuleHarness harness;

    @BeforeEach
    void start() {
        storage = JdbcStorage.open(StorageConfig.h2(directory));
        for (String user : List.of("juliet", "romeo", "benvolio", "mercutio", "tybalt")) {
            storage.users().create(user, List.of());
        }
        services = new RecordingServices("example.com", MutableClock.fixed());
        Rosters rosters = new Rosters(storage.rosters(), RosterConfig.defaults());
        PresenceModule presence = new PresenceModule(rosters, storage.users(), new PresenceConfig(2));
        harness = ModuleHarness.of(services, presence, new RosterModule(rosters, presence::rosterItemRemoved));
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    @Test
    void requestToAnOfflineUserIsKeptAndDeliveredAtInitialPresence_rfc6121_3_1_3() {
        // Given juliet offline, romeo asks to see her presence (Example of §3.1.1)
        send(ROMEO, "<presence id='xk3h1v69' to='juliet@example.com' type='subscribe'/>");

        // Then the request is stamped with romeo's bare JID and juliet's roster keeps it
        assertThat(routed(Presence.Type.subscribe)).singleElement()
                .satisfies(p -> assertThat(p.getFrom()).isEqualTo(new JID("romeo@example.com")));
        assertThat(storage.rosters().item("juliet", "romeo@example.com")).map(RosterItem::pendingIn).contains(true);
        assertThat(storage.rosters().item("romeo", "juliet@example.com")).map(RosterItem::pendingOut).contains(true);

        // When juliet comes online
        online(JULIET);
        send(JULIET, "<presence/>");

        // Then the stored request reaches her new resource
        assertThat(routed(Presence.Type.subscribe)).anySatisfy(p -> {
            assertThat(p.getFrom()).isEqualTo(new JID("romeo@example.com"));
            assertThat(p.getTo()).isEqualTo(new JID(JULIET));
        });
    }

    @Test
    void approvalGivesBothSidesTheirStateAndPresence_rfc6121_3_1_5() {
        // Given romeo's request
        online(JULIET);
        send(JULIET, "<presence/>");
        send(ROMEO, "<presence to='juliet@example.com' type='subscribe'/>");

        // When juliet approves
        send(JULIET, "<presence to='romeo@example.com' type='subscribed'/>");

        // Then romeo has 'to', juliet 'from', and romeo receives juliet's presence
        assertThat(storage.rosters().item("romeo", "juliet@example.com")).map(RosterItem::subscription).contains(Subscription.TO);
        assertThat(storage.rosters().item("juliet", "romeo@example.com")).map(RosterItem::subscription).contains(Subscription.FROM);
        assertThat(routed(null)).anySatisfy(p -> {
            assertThat(p.getFrom()).isEqualTo(new JID(JULIET));
            assertThat(p.getTo()).isEqualTo(new JID("romeo@example.com"));
        });
    }

    @Test
    void preApprovalGrantsALaterRequestWithoutAsking_rfc6121_3_4() {
        // Given juliet pre-approves romeo
        send(JULIET, "<presence to='romeo@example.com' type='subscribed'/>");
        assertThat(storage.rosters().item("juliet", "romeo@example.com")).map(RosterItem::approved).contains(true);

        // When romeo asks
        send(ROMEO, "<presence to='juliet@example.com' type='subscribe'/>");

        // Then the server answers for juliet: romeo is subscribed, nothing waits for juliet
        assertThat(storage.rosters().item("romeo", "juliet@example.com")).map(RosterItem::subscription).contains(Subscription.TO);
        assertThat(storage.rosters().item("juliet", "romeo@example.com")).map(RosterItem::subscription).contains(Subscription.FROM);
        assertThat(routed(Presence.Type.subscribe)).isEmpty();
    }

    @Test
    void aDeadConnectionIsUnavailableToSubscribersAndDirectedTargets_rfc6121_4_5_2_and_4_6_3() {
        // Given romeo subscribed to juliet, and juliet's directed presence to benvolio, who is not in her roster
        subscribe("romeo", "juliet");
        online(JULIET);
        send(JULIET, "<presence><show>chat</show></presence>");
        send(JULIET, "<presence to='benvolio@example.com/home'/>");

        // When her connection dies: the core ends the session without any presence from the client
        harness.sessionListeners().forEach(l -> l.closed(new JID(JULIET)));

        // Then romeo and benvolio get unavailable presence from her full JID
        assertThat(routed(Presence.Type.unavailable)).extracting(p -> p.getTo().toString())
                .containsExactlyInAnyOrder("romeo@example.com", "benvolio@example.com/home");
        assertThat(routed(Presence.Type.unavailable)).allSatisfy(p -> assertThat(p.getFrom()).isEqualTo(new JID(JULIET)));
    }

    @Test
    void probesAtLoginAreAnsweredFromTheServersKnowledge_rfc6121_4_3_2() {
        // Given romeo subscribed to juliet, who is online with a status, and to mercutio, who left earlier
        subscribe("romeo", "juliet");
        subscribe("romeo", "mercutio");
        Presence julietsPresence = (Presence) Stanzas.parse("<presence from='" + JULIET + "'><status>here</status></presence>");
        services.session(new SessionView(new JID(JULIET), true, 0, Optional.of(julietsPresence)));
        online("mercutio@example.com/home");
        send("mercutio@example.com/home", "<presence/>");
        send("mercutio@example.com/home", "<presence type='unavailable'><status>gone</status></presence>");
        services.session(new SessionView(new JID("mercutio@example.com/home"), false, 0, Optional.empty()));

        // When romeo sends initial presence
        online(ROMEO);
        send(ROMEO, "<presence/>");

        // Then he receives juliet's presence and mercutio's last unavailable, stamped with when it was sent
        assertThat(routedTo(ROMEO)).anySatisfy(p -> {
            assertThat(p.getFrom()).isEqualTo(new JID(JULIET));
            assertThat(p.getStatus()).isEqualTo("here");
        });
        assertThat(routedTo(ROMEO)).anySatisfy(p -> {
            assertThat(p.getType()).isEqualTo(Presence.Type.unavailable);
            assertThat(p.getFrom()).isEqualTo(new JID("mercutio@example.com/home"));
            assertThat(p.getChildElement("delay", "urn:xmpp:delay")).isNotNull();
        });
    }

    @Test
    void aFloodOfRequestsToOneUserIsLimited() {
        // Given a limit of two requests per minute to one user
        send("romeo@example.com/a", "<presence to='juliet@example.com' type='subscribe'/>");
        send("benvolio@example.com/a", "<presence to='juliet@example.com' type='subscribe'/>");

        // When a third sender asks within the minute
        send("tybalt@example.com/a", "<presence to='juliet@example.com' type='subscribe'/>");

        // Then tybalt gets resource-constraint and juliet's roster has no request from him
        assertThat(services.routed()).anySatisfy(p -> {
            assertThat(p.getTo()).isEqualTo(new JID("tybalt@example.com"));
            assertThat(p.getError().getCondition()).isEqualTo(PacketError.Condition.resource_constraint);
        });
        assertThat(storage.rosters().item("juliet", "tybalt@example.com")).isEmpty();
    }

    @Test
    void removingAnItemCancelsBothDirections_rfc6121_2_5_2() {
        // Given a mutual subscription
        subscribe("romeo", "juliet");
        subscribe("juliet", "romeo");

        // When juliet removes romeo
        harness.handle(harness.iq("<iq from='" + JULIET + "' id='r1' type='set'><query xmlns='jabber:iq:roster'>"
                + "<item jid='romeo@example.com' subscription='remove'/></query></iq>"));

        // Then romeo's item for juliet has no subscription left
        assertThat(storage.rosters().item("romeo", "juliet@example.com")).map(RosterItem::subscription)
                .contains(Subscription.NONE);
        assertThat(storage.rosters().item("juliet", "romeo@example.com")).isEmpty();
    }

    /** {@code subscriber} asks, {@code contact} approves. */
    private void subscribe(String subscriber, String contact) {
        send(subscriber + "@example.com/x", "<presence to='" + contact + "@example.com' type='subscribe'/>");
        send(contact + "@example.com/x", "<presence to='" + subscriber + "@example.com' type='subscribed'/>");
    }

    /** A bound, available session as the core would report it (the core marks it available itself). */
    private void online(String fullJid) {
        services.session(new SessionView(new JID(fullJid), true, 0, Optional.of(new Presence())));
    }

    private void send(String from, String xml) {
        Packet stanza = Stanzas.parse(xml);
        stanza.setFrom(new JID(from));
        for (var interceptor : harness.inboundInterceptors()) {
            Optional<Packet> next = interceptor.intercept(stanza, Requesters.user(from));
            if (next.isEmpty()) {
                return;
            }
            stanza = next.get();
        }
    }

    private List<Presence> routed(Presence.Type type) {
        return services.routed().stream().filter(p -> p instanceof Presence).map(p -> (Presence) p)
                .filter(p -> p.getType() == type).toList();
    }

    private List<Presence> routedTo(String fullJid) {
        return services.routed().stream().filter(p -> p instanceof Presence).map(p -> (Presence) p)
                .filter(p -> new JID(fullJid).equals(p.getTo())).toList();
    }
}
