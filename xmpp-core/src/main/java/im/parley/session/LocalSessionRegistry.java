package im.parley.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xmpp.packet.JID;

/** Sessions of this process, indexed by bare JID then resource. */
public final class LocalSessionRegistry implements SessionRegistry {
    private final Map<String, Map<String, LocalSession>> byBareJid = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Optional<LocalSession> bind(LocalSession session) {
        JID jid = session.jid();
        LocalSession[] replaced = new LocalSession[1];
        byBareJid.compute(jid.toBareJID(), (bare, resources) -> {
            Map<String, LocalSession> map = resources == null ? new ConcurrentHashMap<>(4) : resources;
            replaced[0] = map.put(jid.getResource(), session);
            return map;
        });
        if (replaced[0] == null) {
            count.incrementAndGet();
        }
        return Optional.ofNullable(replaced[0]);
    }

    @Override
    public boolean unbind(LocalSession session) {
        JID jid = session.jid();
        boolean[] removed = new boolean[1];
        byBareJid.computeIfPresent(jid.toBareJID(), (bare, resources) -> {
            if (resources.remove(jid.getResource(), session)) {
                count.decrementAndGet();
                removed[0] = true;
            }
            return resources.isEmpty() ? null : resources;
        });
        return removed[0];
    }

    @Override
    public Optional<LocalSession> session(JID fullJid) {
        Map<String, LocalSession> resources = byBareJid.get(fullJid.toBareJID());
        return resources == null || fullJid.getResource() == null
                ? Optional.empty()
                : Optional.ofNullable(resources.get(fullJid.getResource()));
    }

    @Override
    public boolean hasSessions(String bareJid) {
        return byBareJid.containsKey(bareJid); // an account's entry goes when its last session is unbound
    }

    @Override
    public List<LocalSession> sessionsOf(String bareJid) {
        Map<String, LocalSession> resources = byBareJid.get(bareJid);
        return resources == null ? List.of() : List.copyOf(resources.values());
    }

    @Override
    public Collection<LocalSession> all() {
        List<LocalSession> all = new ArrayList<>(count.get());
        byBareJid.values().forEach(resources -> all.addAll(resources.values()));
        return all;
    }

    @Override
    public int count() {
        return count.get();
    }
}
