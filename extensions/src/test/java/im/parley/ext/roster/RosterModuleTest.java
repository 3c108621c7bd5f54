package im.parley.ext.roster;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import im.parley.testing.RecordingServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** RFC 6121 §2 with the RFC's examples, on real H2 storage. */
class RosterModuleTest {
    @TempDir
    Path directory;
    private Storage storage;
    private RecordingServices services;
    private ModuleHarness harness;

    @BeforeEach
    void start() {
        storage = JdbcStorage.open(StorageConfig.h2(directory));
        storage.users().create("juliet", List.of());
        services = new RecordingServices("example.com", Clock.systemUTC());
        Rosters rosters = new Rosters(storage.rosters(), new RosterConfig(2, 10, 2, 10));
        harness = ModuleHarness.of(services, new RosterModule(rosters, SubscriptionCancellation.NONE));
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    @Test
    void setIsPushedToEveryInterestedResource_rfc6121_2_3_2() {
        // Given two resources that requested the roster (§2.2: "interested")
        get("juliet@example.com/balcony", null);
        get("juliet@example.com/chamber", null);

        // When one adds nurse (§2.3.1, Example of a roster set)
        IQ result = harness.handle(harness.iq("""
                <iq from='juliet@example.com/balcony' id='rs1' type='set'>
                  <query xmlns='jabber:iq:roster'><item jid='nurse@example.com' name='Nurse'><group>Servants</group></item></query>
                </iq>"""));

        // Then a result, and a push to each interested resource from the bare JID, with the new version
        assertThat(result.getType()).isEqualTo(IQ.Type.result);
        List<IQ> pushes = services.routed().stream().map(p -> (IQ) p).toList();
        assertThat(pushes).extracting(p -> p.getTo().toString())
                .containsExactlyInAnyOrder("juliet@example.com/balcony", "juliet@example.com/chamber");
        IQ push = pushes.get(0);
        assertThat(push.getFrom()).isEqualTo(new JID("juliet@example.com"));
        Element item = push.getChildElement().element("item");
        assertThat(item.attributeValue("jid")).isEqualTo("nurse@example.com");
        assertThat(item.attributeValue("subscription")).isEqualTo("none");
        assertThat(item.elementText("group")).isEqualTo("Servants");
        assertThat(push.getChildElement().attributeValue("ver")).isEqualTo("1");
    }

    @Test
    void currentVersionGetsAnEmptyResult_rfc6121_2_6_3() {
        // Given a roster at version 1
        set("<item jid='nurse@example.com'/>");

        // When the client asks with the version it has, and then with an old one
        IQ current = get("juliet@example.com/balcony", "1");
        IQ stale = get("juliet@example.com/balcony", "0");

        // Then nothing for the current one, the whole roster for the old one
        assertThat(current.getChildElement()).isNull();
        assertThat(stale.getChildElement().attributeValue("ver")).isEqualTo("1");
        assertThat(stale.getChildElement().elements("item")).hasSize(1);
    }

    @Test
    void removeOfAnUnknownItemIsItemNotFound_rfc6121_2_5_3() {
        assertThat(error(set("<item jid='nurse@example.com' subscription='remove'/>")))
                .isEqualTo(PacketError.Condition.item_not_found);
    }

    @Test
    void badRosterSetsGetTheRfcErrors_rfc6121_2_3_3() {
        assertThat(error(set("<item jid='a@example.com'/><item jid='b@example.com'/>")))
                .as("more than one item").isEqualTo(PacketError.Condition.bad_request);
        assertThat(error(set("<item jid='a@example.com'><group>G</group><group>G</group></item>")))
                .as("duplicate groups").isEqualTo(PacketError.Condition.bad_request);
        assertThat(error(set("<item jid='a@example.com' name='a name longer than ten'/>")))
                .as("name over the limit").isEqualTo(PacketError.Condition.not_acceptable);
        assertThat(error(set("<item jid='a@example.com'><group></group></item>")))
                .as("empty group").isEqualTo(PacketError.Condition.not_acceptable);
        assertThat(error(set("<item jid='a@example.com'><group>a group over ten</group></item>")))
                .as("group over the limit").isEqualTo(PacketError.Condition.not_acceptable);
        assertThat(error(set("<item jid='a@b@example.com'/>")))
                .as("invalid JID").isEqualTo(PacketError.Condition.jid_malformed);
        assertThat(error(set("<item jid='juliet@example.com'/>")))
                .as("own JID").isEqualTo(PacketError.Condition.not_allowed);
        assertThat(storage.rosters().roster("juliet").items()).isEmpty();
    }

    @Test
    void aRosterPastItsLimitIsNotAllowed() {
        // Given a roster at its configured maximum of two items
        set("<item jid='a@example.com'/>");
        set("<item jid='b@example.com'/>");

        // When a third is added
        PacketError.Condition condition = error(set("<item jid='c@example.com'/>"));

        // Then not-allowed, while changing an existing item still works
        assertThat(condition).isEqualTo(PacketError.Condition.not_allowed);
        assertThat(set("<item jid='a@example.com' name='A'/>").getType()).isEqualTo(IQ.Type.result);
    }

    @Test
    void anotherUsersRosterIsForbidden_rfc6121_2_1_5() {
        IQ reply = harness.handle(harness.iq("""
                <iq from='juliet@example.com/balcony' to='romeo@example.com' id='g2' type='get'>
                  <query xmlns='jabber:iq:roster'/></iq>"""));
        assertThat(error(reply)).isEqualTo(PacketError.Condition.forbidden);
    }

    @Test
    void advertisesRosterVersioningAfterAuthentication_rfc6121_2_6_1() {
        assertThat(harness.streamFeatures(new im.parley.module.StreamFeature.NegotiationState(true, true, false)))
                .extracting(Element::getNamespaceURI).contains(RosterModule.VERSIONING_NAMESPACE);
    }

    private IQ get(String from, String ver) {
        String attribute = ver == null ? "" : " ver='" + ver + "'";
        return harness.handle(harness.iq("<iq from='" + from + "' id='g1' type='get'><query xmlns='jabber:iq:roster'"
                + attribute + "/></iq>"));
    }

    private IQ set(String items) {
        return harness.handle(harness.iq("<iq from='juliet@example.com/balcony' id='s1' type='set'>"
                + "<query xmlns='jabber:iq:roster'>" + items + "</query></iq>"));
    }

    private static PacketError.Condition error(IQ reply) {
        assertThat(reply.getType()).as(reply.toXML()).isEqualTo(IQ.Type.error);
        return reply.getError().getCondition();
    }
}
