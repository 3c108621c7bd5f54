package im.parley.stream;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.config.LimitsConfig;
import java.time.Duration;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

class StreamLimitsTest {
    private final LimitsConfig limits = new LimitsConfig(10_000, 64, 1 << 20, Duration.ofSeconds(60),
            Duration.ofMinutes(5), Duration.ofSeconds(60));

    @Test
    void advertisesTheStanzaLimitAndWhenASilentStreamIsEnded_xep0478_3() {
        // XEP-0478 §3: <limits xmlns='urn:xmpp:stream-limits:0'><max-bytes/><idle-seconds/></limits>
        Element limitsElement = StreamLimits.advertisement(limits, false);

        assertThat(limitsElement.getNamespaceURI()).isEqualTo("urn:xmpp:stream-limits:0");
        assertThat(limitsElement.getName()).isEqualTo("limits");
        assertThat(limitsElement.elementText("max-bytes")).isEqualTo("10000");
        assertThat(limitsElement.elementText("idle-seconds")).isEqualTo("60");
        assertThat(limitsElement.element("max-bytes").getNamespaceURI()).isEqualTo(StreamLimits.NAMESPACE);
    }

    @Test
    void afterAuthenticationTheStreamIsStillEndedAfterTheIdleTimeoutUntilItIsBound() {
        // the features after SASL precede the bind: a 5-minute ping interval only starts once bound
        Element limitsElement = StreamLimits.advertisement(limits, true);

        assertThat(limitsElement.elementText("max-bytes")).isEqualTo("10000");
        assertThat(limitsElement.elementText("idle-seconds")).isEqualTo("60");
    }

    @Test
    void aPingIntervalShorterThanTheIdleTimeoutIsWhatAnAuthenticatedClientMeets() {
        LimitsConfig pingsOften = new LimitsConfig(10_000, 64, 1 << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(20), Duration.ofSeconds(60));

        assertThat(StreamLimits.advertisement(pingsOften, true).elementText("idle-seconds")).isEqualTo("20");
        assertThat(StreamLimits.advertisement(pingsOften, false).elementText("idle-seconds")).isEqualTo("60");
    }
}
