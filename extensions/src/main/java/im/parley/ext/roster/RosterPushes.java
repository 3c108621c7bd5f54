package im.parley.ext.roster;

import im.parley.module.ServerServices;
import java.util.concurrent.atomic.AtomicLong;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/** RFC 6121 §2.1.6: every change of a roster is pushed to each interested resource of its owner. */
public final class RosterPushes {
    private final ServerServices services;
    private final Rosters rosters;
    private final AtomicLong ids = new AtomicLong();

    public RosterPushes(ServerServices services, Rosters rosters) {
        this.services = services;
        this.rosters = rosters;
    }

    public void push(RosterChange change) {
        Element item;
        if (change.after().filter(RosterItems::visible).isPresent()) {
            item = RosterItems.toElement(change.after().get());
        } else if (change.before().filter(RosterItems::visible).isPresent()) {
            item = RosterItems.removal(change.contact()); // gone, or back to an unanswered request only
        } else {
            return;
        }
        JID owner = new JID(change.username(), services.domain(), null, true);
        for (JID resource : rosters.interestedResources(change.username())) {
            IQ push = new IQ(IQ.Type.set, "push-" + ids.incrementAndGet());
            // RFC 6121 §2.1.6: a push comes from the user's bare JID (clients ignore any other 'from').
            push.setFrom(owner);
            push.setTo(resource);
            Element query = push.setChildElement("query", RosterItems.NAMESPACE);
            query.addAttribute("ver", Long.toString(change.version()));
            query.add(item.createCopy());
            services.route(push);
        }
    }
}
