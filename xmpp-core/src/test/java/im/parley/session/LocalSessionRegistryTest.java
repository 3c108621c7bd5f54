package im.parley.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;

class LocalSessionRegistryTest {
    private final LocalSessionRegistry registry = new LocalSessionRegistry();

    @Test
    void bindingATakenResourceReturnsTheSessionItReplaces_rfc6120_7_7_2_2() {
        // Given
        Session first = new Session("romeo@montague.lit/orchard");
        Session second = new Session("romeo@montague.lit/orchard");
        registry.bind(first);
        // When
        var replaced = registry.bind(second);
        // Then
        assertThat(replaced).containsSame(first);
        assertThat(registry.session(new JID("romeo@montague.lit/orchard"))).containsSame(second);
        assertThat(registry.count()).isEqualTo(1);
    }

    @Test
    void unbindingAReplacedSessionKeepsItsSuccessor() {
        Session first = new Session("romeo@montague.lit/orchard");
        Session second = new Session("romeo@montague.lit/orchard");
        registry.bind(first);
        registry.bind(second);
        // When the old connection finally goes away
        boolean removed = registry.unbind(first);
        // Then: the JID stays bound to its successor, so nobody treats it as gone
        assertThat(removed).isFalse();
        assertThat(registry.session(new JID("romeo@montague.lit/orchard"))).containsSame(second);
        assertThat(registry.count()).isEqualTo(1);
    }

    @Test
    void listsEveryResourceOfABareJidAndForgetsTheLast() {
        Session orchard = new Session("romeo@montague.lit/orchard");
        Session street = new Session("romeo@montague.lit/street");
        registry.bind(orchard);
        registry.bind(street);
        assertThat(registry.sessionsOf("romeo@montague.lit")).containsExactlyInAnyOrder(orchard, street);
        assertThat(registry.hasSessions("romeo@montague.lit")).isTrue();
        registry.unbind(orchard);
        assertThat(registry.hasSessions("romeo@montague.lit")).isTrue();
        registry.unbind(street);
        assertThat(registry.sessionsOf("romeo@montague.lit")).isEmpty();
        assertThat(registry.hasSessions("romeo@montague.lit")).isFalse();
        assertThat(registry.all()).isEmpty();
        assertThat(registry.count()).isZero();
    }

    @Test
    void aBareJidFindsNoSingleSession() {
        registry.bind(new Session("romeo@montague.lit/orchard"));
        assertThat(registry.session(new JID("romeo@montague.lit"))).isEmpty();
    }

    /** Identity matters here, so not a record. */
    private static final class Session implements LocalSession {
        private final JID jid;
        private final java.util.List<Packet> received = new CopyOnWriteArrayList<>();

        Session(String jid) {
            this.jid = new JID(jid);
        }

        @Override public JID jid() { return jid; }
        @Override public String streamId() { return Integer.toHexString(System.identityHashCode(this)); }
        @Override public boolean available() { return true; }
        @Override public int priority() { return 0; }
        @Override public java.util.Optional<org.xmpp.packet.Presence> presence() { return java.util.Optional.empty(); }
        @Override public void deliver(Packet packet) { received.add(packet); }
        @Override public void close(StreamError.Condition condition) { }
    }
}
