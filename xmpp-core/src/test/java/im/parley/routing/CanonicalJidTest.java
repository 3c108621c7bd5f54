package im.parley.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJidTest {

    @ParameterizedTest
    @ValueSource(strings = {"juliet@example.com/balcony", "juliet@example.com", "example.com", "example.com/admin",
            "example.com/a@b", "juliet@example.com/x/y"})
    void stringsAndEqualityAreTindersJids(String address) {
        JID plain = new JID(address);
        CanonicalJid parts = new CanonicalJid(plain.getNode(), plain.getDomain(), plain.getResource());
        CanonicalJid written = Addresses.canonical(address);

        for (JID canonical : new JID[]{parts, written}) {
            assertThat(canonical.toString()).isEqualTo(plain.toString());
            assertThat(canonical.toBareJID()).isEqualTo(plain.toBareJID());
            assertThat(canonical.asBareJID()).isEqualTo(plain.asBareJID());
            // either way round, so a CanonicalJid finds a plain JID's map entry and the other way round
            assertThat(canonical).isEqualTo(plain).hasSameHashCodeAs(plain);
            assertThat(plain).isEqualTo(canonical);
        }
    }

    @Test
    void fullJidOfABareAddressFailsAsTindersDoes() {
        assertThatThrownBy(() -> new JID("juliet@example.com").toFullJID()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new CanonicalJid("juliet", "example.com", null).toFullJID())
                .isInstanceOf(IllegalStateException.class);
        assertThat(new CanonicalJid("juliet", "example.com", "balcony").toFullJID()).isEqualTo("juliet@example.com/balcony");
    }

    @Test
    void stringsAreBuiltOnce() {
        CanonicalJid full = new CanonicalJid("juliet", "example.com", "balcony");
        assertThat(full.toString()).isSameAs(full.toString());
        assertThat(full.toBareJID()).isSameAs(full.toBareJID());
        assertThat(full.asBareJID()).isSameAs(full.asBareJID()).isInstanceOf(CanonicalJid.class);
        CanonicalJid bare = new CanonicalJid("juliet", "example.com", null);
        assertThat(bare.asBareJID()).isSameAs(bare);
    }

    @Test
    void aPacketKeepsTheJidItWasGivenUntilTheAttributeChanges() {
        Message message = new Message();
        CanonicalJid to = Addresses.canonical("romeo@example.net/orchard");
        message.setTo(to);
        assertThat(message.getTo()).isSameAs(to);
        assertThat(message.getElement().attributeValue("to")).isSameAs(to.toString());

        // Tinder's check still sees a 'to' rewritten on the element itself
        message.getElement().addAttribute("to", "nurse@example.com");
        assertThat(message.getTo()).isEqualTo(new JID("nurse@example.com"));
    }
}
