package im.parley.ext.carbons;

import java.util.Set;
import org.dom4j.Element;
import org.xmpp.packet.Message;

/**
 * XEP-0280 §6: which messages are copied. The XEP leaves the exact set to servers and suggests: chat messages, normal
 * messages with a body, never anything else. Following its intent (keep every device in the conversation), normal
 * messages that carry only a receipt, a chat marker or a chat state are copied too, so that a second device learns
 * that a message was delivered or read.
 */
final class CarbonEligibility {
    /** XEP-0334 §4.3: {@code <no-copy/>} messages "should not be copied ... for example through Message Carbons". */
    static final String HINTS_NAMESPACE = "urn:xmpp:hints";
    private static final Set<String> IM_PAYLOADS = Set.of(
            "urn:xmpp:receipts",                      // XEP-0184
            "urn:xmpp:chat-markers:0",                // XEP-0333
            "http://jabber.org/protocol/chatstates"); // XEP-0085

    private CarbonEligibility() {}

    /** XEP-0280 §9: the sender asked that this message not be copied. */
    static boolean isPrivate(Message message) {
        return message.getChildElement("private", CarbonsModule.NAMESPACE) != null;
    }

    static boolean eligible(Message message) {
        if (isPrivate(message) || message.getChildElement("no-copy", HINTS_NAMESPACE) != null) {
            return false;
        }
        return switch (message.getType()) {
            case chat -> true;
            case normal -> message.getBody() != null || hasImPayload(message);
            // Groupchat goes through a room, headline is not a conversation, and an error would need the original's
            // eligibility, which the server does not track (§6, third rule).
            case groupchat, headline, error -> false;
        };
    }

    private static boolean hasImPayload(Message message) {
        for (Element child : message.getElement().elements()) {
            if (IM_PAYLOADS.contains(child.getNamespaceURI())) {
                return true;
            }
        }
        return false;
    }
}
