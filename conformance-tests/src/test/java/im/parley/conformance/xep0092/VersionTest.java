package im.parley.conformance.xep0092;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0092: the server tells its software name and version. */
@ParleyServer
class VersionTest {
    private final Target target;
    private final Accounts accounts;

    VersionTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0092", section = "2", quote = "The <name/> and <version/> elements MUST be included")
    void serverAnswersWithNameAndVersion_xep0092_2() throws Exception {
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");

        Version version = VersionManager.getInstanceFor(romeo).getVersion(JidCreate.domainBareFrom(target.domain()));

        assertThat(version.getName()).isNotBlank();
        assertThat(version.getVersion()).isNotBlank();
        if (target.inProcess().isPresent()) {
            // Parley's default (XEP-0092 §5): the operating system is not revealed
            assertThat(version.getName()).isEqualTo("Parley");
            assertThat(version.getOs()).isNull();
        }
    }
}
