package im.parley.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.config.ConfigException;
import im.parley.module.XmppModule;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandardExtensionsTest {
    @TempDir
    Path dataDirectory;

    private Storage storage;

    @BeforeEach
    void openStorage() {
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private List<XmppModule> create(ModulesConfig config) {
        return StandardExtensions.create(config, storage, password -> List.of(), Clock.systemUTC(), "0.1.0");
    }

    @Test
    void switchesOnEveryModuleByDefault() {
        // When
        List<XmppModule> modules = create(ModulesConfig.defaults());

        // Then
        assertThat(modules).extracting(XmppModule::id).containsExactly("ping", "version", "register", "offline",
                "blocking", "mam", "carbons", "last-activity", "vcard", "private-xml", "caps", "presence", "roster");
    }

    @Test
    void modulesRegisterTogetherWithoutClaimingANamespaceTwice() {
        // Given
        List<XmppModule> modules = create(ModulesConfig.defaults());

        // When: registered as the server would (a clash would throw)
        ModuleHarness harness = ModuleHarness.of(modules.toArray(XmppModule[]::new));

        // Then: what the server's disco#info will list
        assertThat(harness.discoFeatures())
                .containsExactlyInAnyOrder("urn:xmpp:ping", "jabber:iq:version", "jabber:iq:register", "msgoffline",
                        "urn:xmpp:blocking", "vcard-temp", "jabber:iq:private", "http://jabber.org/protocol/caps",
                        "urn:xmpp:carbons:2", "jabber:iq:last");
        // XEP-0313 §7: the archive is advertised on each account's bare JID, not on the server
        assertThat(harness.accountDiscoFeatures()).containsExactly("urn:xmpp:mam:2");
        assertThat(harness.preAuthIqNamespaces()).containsExactly("jabber:iq:register");
    }

    @Test
    void leavesOutDisabledModules() {
        // Given
        ModulesConfig config = ModulesConfig.defaults().withDisabled(Set.of("register", "version"));

        // When
        List<XmppModule> modules = create(config);

        // Then
        assertThat(modules).extracting(XmppModule::id).contains("ping").doesNotContain("register", "version");
    }

    @Test
    void namesTheKeyWhenAnUnknownModuleIsDisabled() {
        // Given: a typo in the configuration
        ModulesConfig config = ModulesConfig.defaults().withDisabled(Set.of("pnig"));

        // When / Then
        assertThatThrownBy(() -> create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("modules.disabled: unknown module pnig (known: blocking, caps, carbons, last-activity, mam,"
                        + " offline, ping, presence, private-xml, register, roster, vcard, version)");
    }
}
