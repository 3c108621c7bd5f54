package im.parley.conformance.xep0115;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.RawXmppClient.SaslReply;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0115: the server's own capabilities in its stream features, checked against its disco#info with Smack's
 * implementation of the §5 algorithm; and the server learning a client's capabilities by asking it (§6.2).
 */
@ParleyServer
class EntityCapabilitiesTest {
    private static final Pattern CAPS = Pattern.compile(
            "<c\\b(?=[^>]*xmlns=['\"]http://jabber.org/protocol/caps['\"])[^>]*>");

    private final Target target;
    private final Accounts accounts;

    EntityCapabilitiesTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0115", section = "6.3", quote = "a server ... MAY include its entity capabilities in the "
            + "stream features; ... the 'ver' attribute MUST be generated as described under Verification String")
    // Parley puts them in the features of the authenticated stream (before it, disco#info is not open to the client)
    void theServersVerInTheStreamFeaturesMatchesItsDiscoInfo_xep0115_6_3() throws Exception {
        // The features of the authenticated stream: what the server offers there is what its disco#info describes
        Credentials romeoAccount = accounts.registered("romeo");
        String features;
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            client.startTls();
            client.openStream();
            SaslReply reply = client.auth("PLAIN", ("\0" + romeoAccount.username() + "\0" + romeoAccount.password())
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(reply.kind()).as(client.transcript()).isEqualTo("success");
            features = client.openStream();
        }
        Matcher c = CAPS.matcher(features);
        // Optional for another server; Parley advertises its caps.
        Assumptions.assumeTrue(target.inProcess().isPresent() || c.find(), "no caps in the stream features");
        assertThat(c.find(0)).as("caps in the stream features: %s", features).isTrue();
        String ver = attribute(c.group(), "ver");
        String hash = attribute(c.group(), "hash");

        XMPPTCPConnection romeo = accounts.loggedIn(romeoAccount);
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(romeo)
                .discoverInfo(JidCreate.domainBareFrom(target.domain()));

        assertThat(hash).isEqualTo("sha-1");
        assertThat(EntityCapsManager.verifyDiscoverInfoVersion(ver, hash, info))
                .as("ver %s is the §5 hash of the server's disco#info", ver).isTrue();
    }

    @Test
    @Spec(document = "XEP-0115", section = "6.2", quote = "the server ... can send a service discovery request to the "
            + "client ... specifying a node of the form 'node#ver'")
    void theServerAsksAClientWhatAnUnknownVerStandsFor_xep0115_6_2() {
        Assumptions.assumeTrue(target.inProcess().isPresent(), "optional for a server (XEP-0115 §6.2 'can')");
        try (RawXmppClient juliet = RawXmppClient.connect(target)) {
            juliet.login(accounts.registered("juliet"), java.util.Optional.of("balcony"));
            // When her initial presence carries caps with a ver no client of this run has sent before
            String ver = UUID.randomUUID().toString().replace("-", "").substring(0, 27) + "=";
            juliet.send("<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
                    + "node='https://example.org/client' ver='" + ver + "'/></presence>");

            // Then the server asks her what it stands for, at node#ver
            juliet.awaitMatch(Pattern.compile("<iq\\b[^>]*type=['\"]get['\"][^>]*>\\s*<query\\b[^>]*"
                    + "xmlns=['\"]http://jabber.org/protocol/disco#info['\"][^>]*node=['\"]https://example.org/client#"
                    + Pattern.quote(ver) + "['\"]"));
        }
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=['\"]([^'\"]*)['\"]").matcher(tag);
        return m.find() ? m.group(1) : "";
    }
}
