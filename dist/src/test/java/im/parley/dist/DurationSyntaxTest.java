package im.parley.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSyntaxTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "30s, PT30S",
        "5m, PT5M",
        "1h, PT1H",
        "2d, PT48H",
        "1h30m, PT1H30M",
        "PT45S, PT45S",
        "pt1m, PT1M",
        "' 10s ', PT10S"
    })
    void readsUnitsAndIso8601(String text, String expected) {
        // Given / When / Then
        assertThat(DurationSyntax.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "5 m", "5min", "1.5h", "s", "30s5", "PT", "ms30"})
    void refusesAnythingElse(String text) {
        // Given / When / Then
        assertThat(DurationSyntax.parse(text)).isEmpty();
    }
}
