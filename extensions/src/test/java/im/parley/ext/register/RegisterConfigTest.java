package im.parley.ext.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegisterConfigTest {
    @Test
    void defaultsAllowRegistrationFiveTimesPerHourPerAddress() {
        // When
        RegisterConfig defaults = RegisterConfig.defaults();

        // Then
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.throttle()).isTrue();
        assertThat(defaults.maxPerWindow()).isEqualTo(5);
        assertThat(defaults.window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void namesTheKeyOfANonPositiveLimit() {
        assertThatThrownBy(() -> new RegisterConfig(true, true, 0, Duration.ofHours(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("modules.register.max-per-window: expected a positive number, got 0");
    }

    @Test
    void namesTheKeyOfANonPositiveWindow() {
        assertThatThrownBy(() -> new RegisterConfig(true, true, 5, Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .hasMessage("modules.register.window: expected a positive duration, got PT0S");
    }
}
