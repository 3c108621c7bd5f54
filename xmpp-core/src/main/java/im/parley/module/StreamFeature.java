package im.parley.module;

import java.util.Optional;
import org.dom4j.Element;

/** A child of {@code <stream:features/>} (RFC 6120 §4.3.2), offered depending on how far negotiation got. */
@FunctionalInterface
public interface StreamFeature {
    /** The element to advertise at this point of negotiation, or empty to offer nothing. */
    Optional<Element> advertise(NegotiationState state);

    /** How far a stream has come, for deciding which features to offer. */
    record NegotiationState(boolean secured, boolean authenticated, boolean bound) {}
}
