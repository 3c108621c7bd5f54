package im.parley.ext.offline;

import java.util.List;
import java.util.Set;
import org.dom4j.Element;
import org.xmpp.packet.Message;

/** XEP-0160 §3 and XEP-0334: which messages for an offline user are worth keeping. */
final class OfflineStoragePolicy {
    static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    static final String HINTS = "urn:xmpp:hints";

    /** Children that carry no content of their own: a message made only of these and chat states is transient. */
    private static final Set<String> NOT_CONTENT = Set.of(CHAT_STATES, HINTS);

    private OfflineStoragePolicy() {}

    enum Decision {
        /** Keep it for the next login. */
        STORE,
        /** Drop it silently: keeping it is not wanted, and the sender is not told (XEP-0160 §3, XEP-0334 §4). */
        DISCARD,
        /** Refuse it: the sender gets service-unavailable (XEP-0160 §3: groupchat MUST NOT be stored). */
        REFUSE
    }

    static Decision decide(Message message) {
        Message.Type type = message.getType();
        if (type == Message.Type.groupchat) {
            return Decision.REFUSE;
        }
        if (type == Message.Type.headline || type == Message.Type.error) {
            // XEP-0160 §3: headline SHOULD NOT and error MUST NOT be stored; neither is answered (RFC 6120 §8.3.1).
            return Decision.DISCARD;
        }
        List<Element> children = message.getElement().elements();
        if (hint(children, "no-store") || hint(children, "no-permanent-store")) {
            return Decision.DISCARD; // XEP-0334 §4: the sender asked that it not be kept.
        }
        if (hint(children, "store")) {
            return Decision.STORE; // XEP-0334 §4.3: the sender asked that it be kept whatever it holds.
        }
        boolean chatStates = children.stream().anyMatch(c -> CHAT_STATES.equals(c.getNamespaceURI()));
        boolean content = children.stream().anyMatch(OfflineStoragePolicy::isContent);
        // XEP-0160 §3: messages that contain only chat state notifications SHOULD NOT be stored. Anything else is
        // kept, including a lone delivery receipt (XEP-0184) or chat marker (XEP-0333): their senders rely on it.
        return chatStates && !content ? Decision.DISCARD : Decision.STORE;
    }

    private static boolean isContent(Element child) {
        String ns = child.getNamespaceURI();
        boolean thread = "thread".equals(child.getName()) && (ns.isEmpty() || "jabber:client".equals(ns));
        return !NOT_CONTENT.contains(ns) && !thread;
    }

    private static boolean hint(List<Element> children, String name) {
        return children.stream().anyMatch(c -> HINTS.equals(c.getNamespaceURI()) && name.equals(c.getName()));
    }
}
