package im.parley.ext.caps;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.testing.ModuleHarness;
import im.parley.testing.RecordingServices;
import im.parley.testing.Requesters;
import im.parley.testing.Stanzas;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

class CapsModuleTest {
    /** XEP-0115 §5.2, the simple example: its disco#info answer and the ver it hashes to. */
    private static final String EXAMPLE_VER = "QgayPKawpkPSDYmwT/WM94uAlu0=";
    private static final String EXAMPLE_INFO = """
            <query xmlns='http://jabber.org/protocol/disco#info'>
              <identity category='client' name='Exodus 0.9.1' type='pc'/>
              <feature var='http://jabber.org/protocol/caps'/>
              <feature var='http://jabber.org/protocol/disco#info'/>
              <feature var='http://jabber.org/protocol/disco#items'/>
              <feature var='http://jabber.org/protocol/muc'/>
            </query>""";

    @Test
    void computesTheVerOfTheSimpleExample_xep0115_5_2() {
        assertThat(CapsVer.of(Stanzas.element(EXAMPLE_INFO))).isEqualTo(EXAMPLE_VER);
    }

    @Test
    void learnsAnUnknownVerOnceAndCachesOnlyAVerifiedAnswer_xep0115_6_2_and_5_4() {
        // Given a client's presence with a ver the server has not seen
        RecordingServices services = new RecordingServices("capulet.lit", Clock.systemUTC());
        CapsCache cache = new CapsCache();
        ModuleHarness harness = ModuleHarness.of(services, new CapsModule(cache, List::of));
        String juliet = "juliet@capulet.lit/balcony";
        intercept(harness, juliet, "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1'"
                + " node='http://code.google.com/p/exodus' ver='" + EXAMPLE_VER + "'/></presence>");

        // When the server's disco#info query is answered
        IQ query = (IQ) services.routed().get(0);
        assertThat(query.getTo()).isEqualTo(new JID(juliet));
        Optional<Packet> consumed = intercept(harness, juliet, "<iq type='result' id='" + query.getID()
                + "' to='capulet.lit'>" + EXAMPLE_INFO + "</iq>");

        // Then the answer is consumed and the resource's features are known
        assertThat(consumed).isEmpty();
        assertThat(cache.featuresOf(new JID(juliet))).get().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.iterable(String.class))
                .contains("http://jabber.org/protocol/muc");
    }

    @Test
    void advertisesNoServerCapsUntilItKnowsTheServersFeatures_xep0115_6_3() {
        ModuleHarness withFeatures = ModuleHarness.of(new CapsModule(new CapsCache(), () -> List.of("urn:xmpp:ping")));
        ModuleHarness without = ModuleHarness.of(new CapsModule(new CapsCache(), List::of));
        var state = new im.parley.module.StreamFeature.NegotiationState(true, true, false);
        assertThat(withFeatures.streamFeatures(state)).singleElement()
                .satisfies(c -> assertThat(c.attributeValue("ver")).isNotBlank());
        assertThat(without.streamFeatures(state)).isEmpty();
    }

    private static Optional<Packet> intercept(ModuleHarness harness, String from, String xml) {
        Packet stanza = Stanzas.parse(xml);
        stanza.setFrom(new JID(from));
        return harness.inboundInterceptors().get(0).intercept(stanza, Requesters.user(from));
    }
}
