package im.parley.ext.carbons;

import im.parley.module.SessionListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xmpp.packet.JID;

/**
 * The resources that enabled carbons (XEP-0280 §4), by local account (its username). The state belongs to one
 * session: a new binding of the same full JID starts with carbons off, and a closed session forgets it. Kept as
 * username and resource strings because every message asks whether its sender's or recipient's account has any,
 * and a JID's own fields answer that without building anything (Tinder's {@code JID} builds its string for every
 * {@code hashCode}). Thread-safe: each user's sessions write it on that user's executor, while senders
 * read it on theirs; an account's entry changes atomically and is gone when its last resource is.
 */
final class CarbonsEnabled implements SessionListener {
    private final ConcurrentHashMap<String, Set<String>> resourcesByAccount = new ConcurrentHashMap<>();

    void enable(JID fullJid) {
        resourcesByAccount.compute(fullJid.getNode(), (account, resources) -> {
            Set<String> set = resources != null ? resources : ConcurrentHashMap.newKeySet();
            set.add(fullJid.getResource());
            return set;
        });
    }

    void disable(JID fullJid) {
        resourcesByAccount.computeIfPresent(fullJid.getNode(), (account, resources) -> {
            resources.remove(fullJid.getResource());
            return resources.isEmpty() ? null : resources;
        });
    }

    /** The resources of the local account {@code username} with carbons on (a live view; empty for most). */
    Set<String> resourcesOf(String username) {
        Set<String> resources = resourcesByAccount.get(username);
        return resources != null ? resources : Set.of();
    }

    @Override
    public void bound(JID fullJid) {
        // RFC 6120 §7.7.2.2: a binding may replace an older session of the same resource; that one's choice is not ours.
        disable(fullJid);
    }

    @Override
    public void closed(JID fullJid) {
        disable(fullJid);
    }
}
