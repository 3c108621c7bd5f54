package im.parley.routing;

import im.parley.session.LocalSession;
import java.util.List;
import org.xmpp.packet.Message;

/** Which resources of an account receive a stanza addressed to its bare JID (RFC 6121 §8.5.2). */
public final class DeliveryRules {
    private DeliveryRules() {}

    /**
     * RFC 6121 §8.5.2.1.1: normal and chat go to the "most available" resources — those with the highest
     * non-negative priority (all of them when several share it); headline goes to every non-negative resource.
     * Groupchat and error messages are answered or dropped by the caller, never delivered here.
     */
    public static List<LocalSession> messageTargets(Message.Type type, List<LocalSession> sessions) {
        List<LocalSession> candidates = sessions.stream().filter(s -> s.available() && s.priority() >= 0).toList();
        if (candidates.isEmpty()) {
            return candidates;
        }
        return switch (type) {
            case headline -> candidates;
            case normal, chat -> {
                int highest = candidates.stream().mapToInt(LocalSession::priority).max().orElseThrow();
                yield candidates.stream().filter(s -> s.priority() == highest).toList();
            }
            case groupchat, error -> List.of();
        };
    }

    /** RFC 6121 §8.5.2.1.2: presence to a bare JID goes to every available resource. */
    public static List<LocalSession> presenceTargets(List<LocalSession> sessions) {
        return sessions.stream().filter(LocalSession::available).toList();
    }
}
