package im.parley.ext.carbons;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.module.Requester;
import im.parley.module.SessionListener;
import im.parley.module.SessionView;
import im.parley.module.StanzaInterceptor;
import im.parley.testing.ModuleHarness;
import im.parley.testing.MutableClock;
import im.parley.testing.RecordingServices;
import im.parley.testing.Requesters;
import im.parley.testing.Stanzas;
import java.util.List;
import java.util.Optional;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** XEP-0280 (version 1.0.1), driven with the XEP's own examples; both users live on one server here. */
class CarbonsModuleTest {
    private static final String DOMAIN = "montague.example";
    private static final String CAPULET = "capulet.example";

    private final RecordingServices services = new RecordingServices(DOMAIN, MutableClock.fixed());
    private final ModuleHarness harness = ModuleHarness.of(services, new CarbonsModule());

    @Test
    void advertisesTheCarbonsFeature_xep0280_3() {
        assertThat(harness.discoFeatures()).contains("urn:xmpp:carbons:2");
    }

    @Test
    void enablesAndDisablesWithAnEmptyResult_xep0280_4_5() {
        // Given: Example 3, then Example 6
        IQ enable = harness.iq("""
                <iq xmlns='jabber:client' from='romeo@montague.example/garden' id='enable1' type='set'>
                  <enable xmlns='urn:xmpp:carbons:2'/>
                </iq>""");
        IQ disable = harness.iq("""
                <iq xmlns='jabber:client' from='romeo@montague.example/garden' id='disable1' type='set'>
                  <disable xmlns='urn:xmpp:carbons:2'/>
                </iq>""");

        // When
        IQ enabled = harness.handle(enable);
        IQ disabled = harness.handle(disable);

        // Then: Examples 4 and 7, results without payload
        assertThat(enabled.getType()).isEqualTo(IQ.Type.result);
        assertThat(enabled.getID()).isEqualTo("enable1");
        assertThat(enabled.getChildElement()).isNull();
        assertThat(disabled.getType()).isEqualTo(IQ.Type.result);
        assertThat(disabled.getID()).isEqualTo("disable1");
    }

    @Test
    void answersARepeatedEnableWithAResult_xep0280_10_1() {
        // Given
        online("romeo@montague.example/garden", 0);
        online("romeo@montague.example/home", 0);
        enable("romeo@montague.example/garden");

        // When
        IQ again = harness.handle(harness.iq("""
                <iq from='romeo@montague.example/garden' id='enable2' type='set'>
                  <enable xmlns='urn:xmpp:carbons:2'/>
                </iq>"""));

        // Then: a result, and carbons stay on
        assertThat(again.getType()).isEqualTo(IQ.Type.result);
        send("""
                <message from='romeo@montague.example/home' to='juliet@capulet.example/balcony' type='chat'>
                  <body>Neither, fair saint, if either thee dislike.</body>
                </message>""");
        assertThat(services.routed()).hasSize(1);
    }

    @Test
    void refusesToSwitchAnotherAccountsCarbons_xep0280_5() {
        // Given: romeo addresses juliet's account
        IQ disable = harness.iq("""
                <iq from='romeo@montague.example/garden' to='juliet@montague.example' id='disable1' type='set'>
                  <disable xmlns='urn:xmpp:carbons:2'/>
                </iq>""");

        // When
        IQ reply = harness.handle(disable);

        // Then: Example 8
        assertThat(reply.getType()).isEqualTo(IQ.Type.error);
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.not_allowed);
    }

    @Test
    void rejectsAnIqGet() {
        IQ reply = harness.handle(harness.iq("""
                <iq from='romeo@montague.example/garden' id='get1' type='get'>
                  <enable xmlns='urn:xmpp:carbons:2'/>
                </iq>"""));

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
    }

    @Test
    void copiesASentMessageToTheSendersOtherEnabledResources_xep0280_8() {
        // Given: romeo on home and garden, garden has carbons on
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/garden", 0);
        enable("romeo@montague.example/garden");

        // When: Example 11, "Romeo responds to Juliet"
        Packet original = send("""
                <message xmlns='jabber:client' from='romeo@montague.example/home'
                         to='juliet@capulet.example/balcony' type='chat'>
                  <body>Neither, fair saint, if either thee dislike.</body>
                  <thread>0e3141cd80894871a68e6fe6b1ec56fa</thread>
                </message>""");

        // Then: Example 12, a <sent/> copy from romeo's bare JID to garden; the original goes on untouched
        assertThat(services.routed()).hasSize(1);
        Message copy = (Message) services.routed().get(0);
        assertThat(copy.getFrom()).isEqualTo(new JID("romeo@montague.example"));
        assertThat(copy.getTo()).isEqualTo(new JID("romeo@montague.example/garden"));
        assertThat(copy.getType()).isEqualTo(Message.Type.chat);
        Element forwarded = forwarded(copy, "sent");
        Element inner = forwarded.element("message");
        assertThat(inner.getNamespaceURI()).isEqualTo("jabber:client");
        assertThat(inner.attributeValue("from")).isEqualTo("romeo@montague.example/home");
        assertThat(inner.attributeValue("to")).isEqualTo("juliet@capulet.example/balcony");
        assertThat(inner.elementText("body")).isEqualTo("Neither, fair saint, if either thee dislike.");
        assertThat(inner.elementText("thread")).isEqualTo("0e3141cd80894871a68e6fe6b1ec56fa");
        assertThat(((Message) original).getChildElement("sent", "urn:xmpp:carbons:2")).isNull();
    }

    @Test
    void neverCopiesToTheSendingResourceNorToResourcesWithoutCarbons_xep0280_8() {
        // Given: the sender has carbons on, a third resource has them off
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/orchard", 0);
        enable("romeo@montague.example/home");

        // When
        send("""
                <message from='romeo@montague.example/home' to='juliet@capulet.example/balcony' type='chat'>
                  <body>Neither, fair saint, if either thee dislike.</body>
                </message>""");

        // Then
        assertThat(services.routed()).isEmpty();
    }

    @Test
    void copiesAFullJidMessageToTheRecipientsOtherEnabledResources_xep0280_7() {
        // Given: Example 9 between two accounts of this server (capulet.example is served here)
        RecordingServices capulet = new RecordingServices(CAPULET, MutableClock.fixed());
        ModuleHarness server = ModuleHarness.of(capulet, new CarbonsModule());
        capulet.session(new SessionView(new JID("juliet@capulet.example/balcony"), true, 0, Optional.empty()));
        capulet.session(new SessionView(new JID("romeo@capulet.example/garden"), true, 0, Optional.empty()));
        capulet.session(new SessionView(new JID("romeo@capulet.example/home"), true, 0, Optional.empty()));
        enable(server, "romeo@capulet.example/garden");
        enable(server, "romeo@capulet.example/home");

        // When: juliet writes to romeo's garden resource
        send(server, """
                <message xmlns='jabber:client' from='juliet@capulet.example/balcony'
                         to='romeo@capulet.example/garden' type='chat'>
                  <body>What man art thou that, thus bescreen'd in night, so stumblest on my counsel?</body>
                  <thread>0e3141cd80894871a68e6fe6b1ec56fa</thread>
                </message>""");

        // Then: Example 10, a <received/> copy to home only; garden gets the original and no copy
        assertThat(capulet.routed()).hasSize(1);
        Message copy = (Message) capulet.routed().get(0);
        assertThat(copy.getFrom()).isEqualTo(new JID("romeo@capulet.example"));
        assertThat(copy.getTo()).isEqualTo(new JID("romeo@capulet.example/home"));
        Element inner = forwarded(copy, "received").element("message");
        assertThat(inner.attributeValue("from")).isEqualTo("juliet@capulet.example/balcony");
        assertThat(inner.elementText("body")).startsWith("What man art thou");
    }

    @Test
    void copiesABareJidMessageOnlyToResourcesTheDeliveryRulesDidNotPick_xep0280_7_rfc6121_8_5_2_1_1() {
        // Given: juliet on two resources; balcony has the higher priority and gets the original
        online("juliet@montague.example/balcony", 5);
        online("juliet@montague.example/chamber", 1);
        enable("juliet@montague.example/balcony");
        enable("juliet@montague.example/chamber");
        online("romeo@montague.example/home", 0);

        // When
        send("""
                <message from='romeo@montague.example/home' to='juliet@montague.example' type='chat'>
                  <body>Shall I hear more, or shall I speak at this?</body>
                </message>""");

        // Then
        assertThat(services.routed()).singleElement().satisfies(copy -> {
            assertThat(copy.getTo()).isEqualTo(new JID("juliet@montague.example/chamber"));
            assertThat(forwarded((Message) copy, "received")).isNotNull();
        });
    }

    @Test
    void copiesNothingToResourcesThatShareTheHighestPriority_rfc6121_8_5_2_1_1() {
        // Given: both of juliet's resources get the original
        online("juliet@montague.example/balcony", 1);
        online("juliet@montague.example/chamber", 1);
        enable("juliet@montague.example/balcony");
        enable("juliet@montague.example/chamber");

        // When
        send("""
                <message from='romeo@montague.example/home' to='juliet@montague.example' type='chat'>
                  <body>Shall I hear more, or shall I speak at this?</body>
                </message>""");

        // Then
        assertThat(services.routed()).isEmpty();
    }

    @Test
    void copiesBothWaysInOneConversationBetweenLocalUsers_xep0280_7_8() {
        // Given
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/garden", 0);
        online("juliet@montague.example/balcony", 0);
        online("juliet@montague.example/chamber", 0);
        enable("romeo@montague.example/garden");
        enable("juliet@montague.example/chamber");

        // When
        send("""
                <message from='romeo@montague.example/home' to='juliet@montague.example/balcony' type='chat'>
                  <body>It is my lady, O, it is my love!</body>
                </message>""");

        // Then
        assertThat(services.routed()).extracting(p -> p.getTo().toString(), p -> p.getElement().elements().get(0).getName())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("romeo@montague.example/garden", "sent"),
                        org.assertj.core.groups.Tuple.tuple("juliet@montague.example/chamber", "received"));
    }

    @Test
    void makesNoCopiesOfAPrivateMessageAndStripsThePrivateElement_xep0280_9() {
        // Given: Example 13, with every other resource carbons-enabled
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/garden", 0);
        online("juliet@montague.example/home", 0);
        online("juliet@montague.example/balcony", 0);
        enable("romeo@montague.example/garden");
        enable("juliet@montague.example/balcony");

        // When
        Packet delivered = send("""
                <message xmlns='jabber:client' from='romeo@montague.example/home'
                         to='juliet@montague.example/home' type='chat'>
                  <body>Neither, fair saint, if either thee dislike.</body>
                  <thread>0e3141cd80894871a68e6fe6b1ec56fa</thread>
                  <private xmlns='urn:xmpp:carbons:2'/>
                </message>""");

        // Then: no copies; the local recipient gets it without <private/> (SHOULD remove), body intact
        assertThat(services.routed()).isEmpty();
        assertThat(((Message) delivered).getChildElement("private", "urn:xmpp:carbons:2")).isNull();
        assertThat(((Message) delivered).getBody()).isEqualTo("Neither, fair saint, if either thee dislike.");
    }

    @Test
    void honoursTheNoCopyHint_xep0334_4_3() {
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/garden", 0);
        enable("romeo@montague.example/garden");

        send("""
                <message from='romeo@montague.example/home' to='juliet@capulet.example/balcony' type='chat'>
                  <body>Neither, fair saint, if either thee dislike.</body>
                  <no-copy xmlns='urn:xmpp:hints'/>
                </message>""");

        assertThat(services.routed()).isEmpty();
    }

    @Test
    void copiesNormalMessagesWithABodyButNotWithout_xep0280_6() {
        // Given
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/garden", 0);
        enable("romeo@montague.example/garden");

        // When
        send("<message from='romeo@montague.example/home' to='juliet@capulet.example'><body>hi</body></message>");
        send("<message from='romeo@montague.example/home' to='juliet@capulet.example'>"
                + "<x xmlns='jabber:x:oob'><url>https://example.org/</url></x></message>");
        send("<message from='romeo@montague.example/home' to='juliet@capulet.example' type='headline'>"
                + "<body>news</body></message>");
        send("<message from='romeo@montague.example/home' to='room@conference.capulet.example' type='groupchat'>"
                + "<body>to all</body></message>");
        send("<message from='romeo@montague.example/home' to='juliet@capulet.example' type='error'>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");

        // Then: only the first
        assertThat(services.routed()).singleElement()
                .satisfies(copy -> assertThat(forwarded((Message) copy, "sent").element("message").elementText("body"))
                        .isEqualTo("hi"));
    }

    @Test
    void copiesReadMarkersSoOtherDevicesKnowWhatWasRead_xep0280_6() {
        // Given
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/garden", 0);
        enable("romeo@montague.example/garden");

        // When: a XEP-0333 marker in a normal message without a body
        send("""
                <message from='romeo@montague.example/home' to='juliet@capulet.example/balcony'>
                  <displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/>
                </message>""");

        // Then
        assertThat(services.routed()).hasSize(1);
    }

    @Test
    void forgetsCarbonsWhenTheSessionCloses_xep0280_4() {
        // Given: garden enabled carbons, then its session ended and a new one bound the same resource
        online("romeo@montague.example/home", 0);
        online("romeo@montague.example/garden", 0);
        enable("romeo@montague.example/garden");
        for (SessionListener listener : harness.sessionListeners()) {
            listener.closed(new JID("romeo@montague.example/garden"));
            listener.bound(new JID("romeo@montague.example/garden"));
        }

        // When
        send("<message from='romeo@montague.example/home' to='juliet@capulet.example' type='chat'><body>hi</body></message>");

        // Then
        assertThat(services.routed()).isEmpty();
    }

    @Test
    void passesPresenceAndIqsThroughUntouched() {
        Packet presence = Stanzas.parse("<presence from='romeo@montague.example/home'/>");

        assertThat(intercept(harness, presence)).containsSame(presence);
        assertThat(services.routed()).isEmpty();
    }

    // ---- helpers

    private void online(String fullJid, int priority) {
        services.session(new SessionView(new JID(fullJid), true, priority, Optional.empty()));
    }

    private void enable(String fullJid) {
        enable(harness, fullJid);
    }

    private static void enable(ModuleHarness server, String fullJid) {
        IQ reply = server.handle(server.iq("<iq from='" + fullJid + "' id='e' type='set'>"
                + "<enable xmlns='urn:xmpp:carbons:2'/></iq>"));
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
    }

    private Packet send(String xml) {
        return send(harness, xml);
    }

    /** The message as the session hands it over: 'from' stamped, through the inbound interceptors. */
    private static Packet send(ModuleHarness server, String xml) {
        Packet message = Stanzas.parse(xml);
        return intercept(server, message).orElseThrow(() -> new AssertionError("carbons consumed " + xml));
    }

    private static Optional<Packet> intercept(ModuleHarness server, Packet packet) {
        Requester requester = Requesters.user(packet.getFrom().toFullJID());
        Optional<Packet> current = Optional.of(packet);
        List<StanzaInterceptor> interceptors = server.inboundInterceptors();
        for (StanzaInterceptor interceptor : interceptors) {
            current = current.flatMap(p -> interceptor.intercept(p, requester));
        }
        return current;
    }

    private static Element forwarded(Message copy, String direction) {
        Element wrapper = copy.getChildElement(direction, "urn:xmpp:carbons:2");
        assertThat(wrapper).as("<%s xmlns='urn:xmpp:carbons:2'/> in %s", direction, copy.toXML()).isNotNull();
        Element forwarded = wrapper.element(org.dom4j.QName.get("forwarded", "urn:xmpp:forward:0"));
        assertThat(forwarded).as("<forwarded xmlns='urn:xmpp:forward:0'/> in %s", copy.toXML()).isNotNull();
        return forwarded;
    }
}
