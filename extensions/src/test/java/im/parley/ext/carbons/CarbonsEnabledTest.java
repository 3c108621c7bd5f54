package im.parley.ext.carbons;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;

class CarbonsEnabledTest {
    private final CarbonsEnabled enabled = new CarbonsEnabled();
    private final JID garden = new JID("romeo@montague.example/garden");
    private final JID home = new JID("romeo@montague.example/home");

    @Test
    void keepsEachAccountsEnabledResources_xep0280_4() {
        enabled.enable(garden);
        enabled.enable(home);

        assertThat(enabled.resourcesOf("romeo")).containsExactlyInAnyOrder("garden", "home");
        assertThat(enabled.resourcesOf("juliet")).isEmpty();
        assertThat(enabled.resourcesOf("romeo")).contains("home");
    }

    @Test
    void disablingOrClosingOneResourceLeavesTheOthers_xep0280_5() {
        enabled.enable(garden);
        enabled.enable(home);

        enabled.disable(garden);
        assertThat(enabled.resourcesOf("romeo")).containsExactly("home");

        enabled.closed(home);
        assertThat(enabled.resourcesOf("romeo")).isEmpty();
        assertThat(enabled.resourcesOf("romeo")).doesNotContain("home");
    }

    @Test
    void aNewBindingOfTheSameResourceStartsWithCarbonsOff() {
        enabled.enable(garden);

        enabled.bound(garden); // RFC 6120 §7.7.2.2: a new session replaced the old one of this resource

        assertThat(enabled.resourcesOf("romeo")).doesNotContain("garden");
    }
}
