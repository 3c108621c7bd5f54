package im.parley.ext.blocking;

import im.parley.module.ServerServices;
import im.parley.module.SessionListener;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/** XEP-0191 §3.3-3.5: after a change, the server pushes it to each of the user's resources that asked for the list. */
final class BlocklistPushes implements SessionListener {
    private final ServerServices services;
    private final Set<JID> interested = ConcurrentHashMap.newKeySet();

    BlocklistPushes(ServerServices services) {
        this.services = services;
    }

    /** The resource retrieved the block list (§3.2), so it keeps a copy that pushes must keep current. */
    void requested(JID fullJid) {
        interested.add(fullJid);
    }

    @Override
    public void closed(JID fullJid) {
        interested.remove(fullJid);
    }

    /** Pushes {@code <block/>} or {@code <unblock/>} with these items (none: unblock all) to the interested resources. */
    void push(JID user, String action, Collection<String> jids) {
        String bare = user.toBareJID();
        for (JID resource : interested) {
            if (!resource.toBareJID().equals(bare)) {
                continue;
            }
            IQ push = new IQ(IQ.Type.set, "push-" + UUID.randomUUID());
            push.setFrom(new JID(bare));
            push.setTo(resource);
            Element change = push.setChildElement(action, BlockingModule.NAMESPACE);
            jids.forEach(jid -> change.addElement("item").addAttribute("jid", jid));
            services.route(push);
        }
    }
}
