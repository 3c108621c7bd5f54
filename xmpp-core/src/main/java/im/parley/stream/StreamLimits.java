package im.parley.stream;

import im.parley.config.LimitsConfig;
import java.time.Duration;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * XEP-0478 Stream Limits Advertisement: tells the client, in {@code <stream:features/>}, the limits this stream
 * enforces, so that it can shrink what it would send (an avatar, a large vCard) instead of learning them from a
 * policy-violation. {@code max-bytes} is the largest first-level element accepted ({@code limits.max-stanza-bytes});
 * {@code idle-seconds} the silence after which the server acts: before binding it ends the stream
 * ({@code limits.idle-timeout}), once bound it checks liveness with a ping ({@code limits.ping-interval}). The features
 * after SASL still come before binding, so they give the shorter of the two: true until the bind, and safe after it.
 */
public final class StreamLimits {
    public static final String NAMESPACE = "urn:xmpp:stream-limits:0";

    private StreamLimits() {
    }

    /** The {@code <limits/>} element for a stream before or after authentication. */
    public static Element advertisement(LimitsConfig limits, boolean authenticated) {
        Element element = DocumentHelper.createElement(QName.get("limits", NAMESPACE));
        element.addElement("max-bytes").setText(Integer.toString(limits.maxStanzaBytes()));
        Duration idleFor = authenticated && limits.pingInterval().compareTo(limits.idleTimeout()) < 0
                ? limits.pingInterval() : limits.idleTimeout();
        long idle = idleFor.toSeconds();
        element.addElement("idle-seconds").setText(Long.toString(Math.max(1, idle)));
        return element;
    }
}
