package im.parley.ext.carbons;

import im.parley.module.SessionListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xmpp.packet.JID;

/**
 * The resources that enabled carbons (XEP-0280 §4). The state belongs to one session: a new binding of the same full
 * JID starts with carbons off, and a closed session forgets it. Thread-safe: each user's sessions write it on that
 * user's executor, while senders read it on theirs.
 */
final class CarbonsEnabled implements SessionListener {
    private final Set<JID> resources = ConcurrentHashMap.newKeySet();

    void enable(JID fullJid) {
        resources.add(fullJid);
    }

    void disable(JID fullJid) {
        resources.remove(fullJid);
    }

    boolean isEnabled(JID fullJid) {
        return resources.contains(fullJid);
    }

    @Override
    public void bound(JID fullJid) {
        // RFC 6120 §7.7.2.2: a binding may replace an older session of the same resource; that one's choice is not ours.
        resources.remove(fullJid);
    }

    @Override
    public void closed(JID fullJid) {
        resources.remove(fullJid);
    }
}
