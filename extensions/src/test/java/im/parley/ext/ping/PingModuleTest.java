package im.parley.ext.ping;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.testing.ModuleHarness;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

class PingModuleTest {
    private final ModuleHarness harness = ModuleHarness.of(new PingModule());

    @Test
    void answersPingToServerWithEmptyResult_xep0199_4_2() {
        // Given: XEP-0199 Example 4, a client-to-server ping
        IQ ping = harness.iq("""
                <iq from='juliet@capulet.lit/balcony' to='capulet.lit' id='c2s1' type='get'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");

        // When
        IQ pong = harness.handle(ping);

        // Then: Example 5, an empty IQ-result from the server to juliet with the same id
        assertThat(pong.getType()).isEqualTo(IQ.Type.result);
        assertThat(pong.getID()).isEqualTo("c2s1");
        assertThat(pong.getFrom()).isEqualTo(new JID("capulet.lit"));
        assertThat(pong.getTo()).isEqualTo(new JID("juliet@capulet.lit/balcony"));
        assertThat(pong.getChildElement()).isNull();
    }

    @Test
    void advertisesPingInServerDisco_xep0199_8() {
        // Given: the module registered (in the harness above)
        // When / Then: XEP-0199 §8, the server's disco#info carries urn:xmpp:ping
        assertThat(harness.discoFeatures()).containsExactly("urn:xmpp:ping");
    }

    @Test
    void rejectsPingOfTypeSet_xep0199_3() {
        // Given: a ping sent as an IQ-set, which §3 does not define
        IQ ping = harness.iq("""
                <iq from='juliet@capulet.lit/balcony' to='capulet.lit' id='c2s2' type='set'>
                  <ping xmlns='urn:xmpp:ping'/>
                </iq>""");

        // When
        IQ reply = harness.handle(ping);

        // Then
        assertThat(reply.getType()).isEqualTo(IQ.Type.error);
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
    }
}
