package im.parley.ext.version;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.testing.ModuleHarness;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

class VersionModuleTest {
    /** XEP-0092 Example 1, addressed to a server rather than to a client. */
    private static final String QUERY = """
            <iq type='get' from='romeo@montague.net/orchard' to='montague.net' id='version_1'>
              <query xmlns='jabber:iq:version'/>
            </iq>""";

    @Test
    void answersNameAndVersionWithoutOsByDefault_xep0092_3_and_5() {
        // Given: the default configuration
        ModuleHarness harness = ModuleHarness.of(new VersionModule("0.1.0", VersionConfig.defaults()));

        // When
        IQ reply = harness.handle(harness.iq(QUERY));

        // Then: Example 2's shape, with the OPTIONAL <os/> left out as §5 advises by default
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getID()).isEqualTo("version_1");
        Element query = reply.getChildElement();
        assertThat(query.getNamespaceURI()).isEqualTo("jabber:iq:version");
        assertThat(query.elementText("name")).isEqualTo("Parley");
        assertThat(query.elementText("version")).isEqualTo("0.1.0");
        assertThat(query.element("os")).isNull();
    }

    @Test
    void namesOsOnlyWhenAdministratorAllows_xep0092_5() {
        // Given: an administrator who chose to reveal the operating system
        ModuleHarness harness = ModuleHarness.of(new VersionModule("0.1.0", new VersionConfig(true)));

        // When
        IQ reply = harness.handle(harness.iq(QUERY));

        // Then
        assertThat(reply.getChildElement().elementText("os")).startsWith(System.getProperty("os.name"));
    }

    @Test
    void advertisesVersionInServerDisco_xep0092_4() {
        // Given / When
        ModuleHarness harness = ModuleHarness.of(new VersionModule("0.1.0", VersionConfig.defaults()));

        // Then
        assertThat(harness.discoFeatures()).containsExactly("jabber:iq:version");
    }

    @Test
    void rejectsSet_xep0092_2() {
        // Given: §2 defines only the query (get) and its result
        ModuleHarness harness = ModuleHarness.of(new VersionModule("0.1.0", VersionConfig.defaults()));

        // When
        IQ reply = harness.handle(harness.iq("""
                <iq type='set' from='romeo@montague.net/orchard' id='version_2'>
                  <query xmlns='jabber:iq:version'><name>Evil</name></query>
                </iq>"""));

        // Then
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
    }
}
