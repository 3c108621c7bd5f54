package im.parley.sasl;

import java.util.Optional;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/** XEP-0440: SASL Channel-Binding Type Capability — the stream feature that lists the types we support. */
public final class SaslChannelBindingFeature {
    public static final String NAMESPACE = "urn:xmpp:sasl-cb:0";

    private SaslChannelBindingFeature() {
    }

    /**
     * {@code <sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'><channel-binding type='…'/>…</sasl-channel-binding>}
     * (XEP-0440 §3), or empty when the connection supports no type (the element must then not be sent).
     */
    public static Optional<Element> element(ChannelBinding channelBinding) {
        if (channelBinding.types().isEmpty()) {
            return Optional.empty();
        }
        Element feature = DocumentHelper.createElement(QName.get("sasl-channel-binding", NAMESPACE));
        channelBinding.types().forEach(type -> feature.addElement(QName.get("channel-binding", NAMESPACE)).addAttribute("type", type));
        return Optional.of(feature);
    }
}
