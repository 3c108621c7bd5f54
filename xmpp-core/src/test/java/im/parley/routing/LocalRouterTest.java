package im.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.iq.IqDispatcher;
import im.parley.module.Requester;
import im.parley.session.LocalSessionRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

class LocalRouterTest {
    private final LocalSessionRegistry sessions = new LocalSessionRegistry();
    private final FakeSession romeo = FakeSession.of("romeo@montague.lit/orchard", true, 0);
    private final FakeSession julietBalcony = FakeSession.of("juliet@montague.lit/balcony", true, 1);
    private final FakeSession julietChamber = FakeSession.of("juliet@montague.lit/chamber", true, 0);
    private final Set<String> accounts = Set.of("romeo", "juliet", "nurse");
    private final IqDispatcher iqs = new IqDispatcher(Map.of("urn:xmpp:ping", (request, who) -> IQ.createResultIQ(request)));
    private final LocalRouter router = new LocalRouter("montague.lit", sessions, iqs, accounts::contains);
    private final Requester fromRomeo = new Requester(Optional.of(romeo.jid()), "s1", new InetSocketAddress(0), true);

    LocalRouterTest() {
        List.of(romeo, julietBalcony, julietChamber).forEach(sessions::bind);
    }

    @Test
    void deliversToTheAddressedFullJid_rfc6121_8_5_3_1() {
        router.route(chat("juliet@montague.lit/chamber"), fromRomeo);
        assertThat(julietChamber.received()).hasSize(1);
        assertThat(julietBalcony.received()).isEmpty();
    }

    @Test
    void deliversABareJidChatToTheHighestPriorityResource_rfc6121_8_5_2_1_1() {
        router.route(chat("juliet@montague.lit"), fromRomeo);
        assertThat(julietBalcony.received()).hasSize(1);
        assertThat(julietChamber.received()).isEmpty();
    }

    @Test
    void aMessageToAnUnknownResourceIsTreatedAsToTheBareJid_rfc6121_8_5_3_2_1() {
        router.route(chat("juliet@montague.lit/tomb"), fromRomeo);
        assertThat(julietBalcony.received()).hasSize(1);
    }

    @Test
    void anUnknownAccountBouncesServiceUnavailable_rfc6121_8_5_1() {
        // When
        router.route(chat("tybalt@montague.lit"), fromRomeo);
        // Then
        assertThat(errorsTo(romeo)).containsExactly(PacketError.Condition.service_unavailable);
    }

    @Test
    void anAccountWithoutResourcesBouncesUntilOfflineStorageExists_rfc6121_8_5_2_2_1() {
        router.route(chat("nurse@montague.lit"), fromRomeo);
        assertThat(errorsTo(romeo)).containsExactly(PacketError.Condition.service_unavailable);
    }

    @Test
    void groupchatToABareJidBounces_rfc6121_8_5_2_1_1() {
        Message message = chat("juliet@montague.lit");
        message.setType(Message.Type.groupchat);
        router.route(message, fromRomeo);
        assertThat(errorsTo(romeo)).containsExactly(PacketError.Condition.service_unavailable);
        assertThat(julietBalcony.received()).isEmpty();
    }

    @Test
    void anErrorIsNeverAnsweredWithAnError_rfc6120_8_3_1() {
        Message message = chat("tybalt@montague.lit");
        message.setType(Message.Type.error);
        router.route(message, fromRomeo);
        assertThat(romeo.received()).isEmpty();
    }

    @Test
    void anotherDomainIsRemoteServerNotFoundWithoutServerToServer_rfc6120_8_3_3_15() {
        router.route(chat("mercutio@verona.lit"), fromRomeo);
        assertThat(errorsTo(romeo)).containsExactly(PacketError.Condition.remote_server_not_found);
    }

    @Test
    void anIqToTheServerIsAnsweredByItsHandler_rfc6120_8_2_3() {
        // Given
        IQ ping = new IQ(IQ.Type.get, "p1");
        ping.setFrom(romeo.jid());
        ping.setTo("montague.lit");
        ping.setChildElement("ping", "urn:xmpp:ping");
        // When
        router.route(ping, fromRomeo);
        // Then
        assertThat(romeo.received()).singleElement().satisfies(p -> {
            assertThat(((IQ) p).getType()).isEqualTo(IQ.Type.result);
            assertThat(p.getID()).isEqualTo("p1");
        });
    }

    @Test
    void anIqNobodyHandlesIsServiceUnavailable_rfc6120_8_4() {
        IQ query = new IQ(IQ.Type.get, "q1");
        query.setFrom(romeo.jid());
        query.setTo("montague.lit");
        query.setChildElement("query", "urn:example:unknown");
        router.route(query, fromRomeo);
        assertThat(errorsTo(romeo)).containsExactly(PacketError.Condition.service_unavailable);
    }

    @Test
    void presenceToABareJidReachesEveryAvailableResource_rfc6121_8_5_2_1_2() {
        Presence presence = new Presence();
        presence.setFrom(romeo.jid());
        presence.setTo("juliet@montague.lit");
        router.route(presence, fromRomeo);
        assertThat(julietBalcony.received()).hasSize(1);
        assertThat(julietChamber.received()).hasSize(1);
        assertThat(julietBalcony.received().get(0)).isNotSameAs(julietChamber.received().get(0));
    }

    @Test
    void aCarbonCopyForAResourceThatIsGoneIsDropped_xep0280() {
        // Given a <received/> copy meant for a resource that has just disconnected
        Message copy = chat("juliet@montague.lit/tomb");
        copy.setFrom("juliet@montague.lit");
        copy.addChildElement("received", "urn:xmpp:carbons:2");
        // When
        router.route(copy, fromRomeo);
        // Then it is not treated as a bare-JID message: her other resources already had their own copy
        assertThat(julietBalcony.received()).isEmpty();
        assertThat(julietChamber.received()).isEmpty();
    }

    private Message chat(String to) {
        Message message = new Message();
        message.setType(Message.Type.chat);
        message.setFrom(romeo.jid());
        message.setTo(to);
        message.setBody("Wherefore art thou?");
        return message;
    }

    private static List<PacketError.Condition> errorsTo(FakeSession session) {
        return session.received().stream().map(Packet::getError).map(PacketError::getCondition).toList();
    }

}
