package im.parley.ext;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.ext.ping.PingConfig;
import im.parley.ext.register.RegisterConfig;
import im.parley.ext.version.VersionConfig;
import org.junit.jupiter.api.Test;

class ModulesConfigTest {
    @Test
    void defaultsEnableEveryModuleAndHideTheOs() {
        // When
        ModulesConfig defaults = ModulesConfig.defaults();

        // Then: XEP-0092 §5, the operating system stays hidden unless an administrator reveals it
        assertThat(defaults.enabled("ping")).isTrue();
        assertThat(defaults.enabled("register")).isTrue();
        assertThat(defaults.version().showOs()).isFalse();
        assertThat(defaults.register()).isEqualTo(RegisterConfig.defaults());
    }

    @Test
    void missingSectionsTakeTheirDefaults() {
        // Given: a loader that found no modules.* keys at all
        ModulesConfig config = new ModulesConfig(null, null, null, null);

        // Then
        assertThat(config).isEqualTo(ModulesConfig.defaults());
    }

    @Test
    void disabledIdsTurnModulesOff() {
        // Given
        ModulesConfig config = new ModulesConfig(java.util.Set.of("register"), PingConfig.defaults(),
                VersionConfig.defaults(), RegisterConfig.defaults());

        // Then
        assertThat(config.enabled("register")).isFalse();
        assertThat(config.enabled("ping")).isTrue();
    }
}
