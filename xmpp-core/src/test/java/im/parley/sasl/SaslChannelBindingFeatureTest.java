package im.parley.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslChannelBindingFeatureTest {
    @Test
    void listsChannelBindingTypesInOrder_xep0440_3() {
        // Given
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put(ChannelBinding.TLS_EXPORTER, new byte[32]);
        data.put(ChannelBinding.TLS_SERVER_END_POINT, new byte[32]);

        // When
        var element = SaslChannelBindingFeature.element(ChannelBinding.of(data));

        // Then: Example 1 of XEP-0440
        assertThat(element).hasValueSatisfying(e -> assertThat(e.asXML()).isEqualTo(
                "<sasl-channel-binding xmlns=\"urn:xmpp:sasl-cb:0\">"
                        + "<channel-binding type=\"tls-exporter\"/><channel-binding type=\"tls-server-end-point\"/>"
                        + "</sasl-channel-binding>"));
    }

    @Test
    void omitsFeatureWithoutChannelBinding_xep0440_3() {
        assertThat(SaslChannelBindingFeature.element(ChannelBinding.none())).isEmpty();
    }
}
