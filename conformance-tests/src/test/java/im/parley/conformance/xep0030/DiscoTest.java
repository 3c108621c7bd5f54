package im.parley.conformance.xep0030;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0030: what the server says about itself. */
@ParleyServer
class DiscoTest {
    private final Target target;
    private final Accounts accounts;

    DiscoTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0030", section = "3.1", quote = "the target entity MUST either return an IQ result ... with "
            + "at least one <identity/> element")
    void serverIdentifiesAsImServer_xep0030_3_1() throws Exception {
        DiscoverInfo info = discoInfo();

        assertThat(info.hasIdentity("server", "im")).as("identities %s", info.getIdentities()).isTrue();
    }

    @Test
    @Spec(document = "XEP-0030", section = "3.1", quote = "every entity MUST support at least the "
            + "'http://jabber.org/protocol/disco#info' namespace")
    void serverAdvertisesItsFeatures_xep0030_3_1() throws Exception {
        DiscoverInfo info = discoInfo();

        assertThat(info.containsFeature("http://jabber.org/protocol/disco#info")).isTrue();
        assertThat(info.containsFeature("urn:xmpp:ping")).as("XEP-0199 §8").isTrue();
        assertThat(info.containsFeature("jabber:iq:version")).as("XEP-0092 §4").isTrue();
        assertThat(info.containsFeature("jabber:iq:register")).as("XEP-0077 §9").isTrue();
    }

    @Test
    @Spec(document = "XEP-0030", section = "4.1", quote = "the target entity MUST return ... items ... or an empty "
            + "<query/> element")
    void serverAnswersItemsQuery_xep0030_4_1() throws Exception {
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");

        DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(romeo)
                .discoverItems(JidCreate.domainBareFrom(target.domain()));

        assertThat(items.getType()).hasToString("result");
    }

    @Test
    @Spec(document = "RFC 6121", section = "8.5.2.1.3", quote = "the server MUST handle [an IQ to the bare JID] "
            + "directly on behalf of the intended recipient")
    void theServerAnswersForAnAccountsBareJid_xep0030_3_1() throws Exception {
        // Given juliet's account and romeo asking about it
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");

        // When
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(romeo).discoverInfo(juliet.getUser().asBareJid());

        // Then the server answers as the account: identity account/registered and its archive (XEP-0313 §7)
        assertThat(info.getIdentities()).anySatisfy(identity -> {
            assertThat(identity.getCategory()).isEqualTo("account");
            assertThat(identity.getType()).isEqualTo("registered");
        });
        assertThat(info.containsFeature("urn:xmpp:mam:2")).isTrue();
    }

    private DiscoverInfo discoInfo() throws Exception {
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        return ServiceDiscoveryManager.getInstanceFor(romeo).discoverInfo(JidCreate.domainBareFrom(target.domain()));
    }
}
