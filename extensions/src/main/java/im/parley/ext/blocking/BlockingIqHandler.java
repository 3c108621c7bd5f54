package im.parley.ext.blocking;

import im.parley.module.IqHandler;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** XEP-0191 §3.2-3.5: retrieves and changes the requester's own block list. */
final class BlockingIqHandler implements IqHandler {
    private final BlockLists lists;
    private final BlocklistPushes pushes;
    private final BlockPresence presence;

    BlockingIqHandler(BlockLists lists, BlocklistPushes pushes, BlockPresence presence) {
        this.lists = lists;
        this.pushes = pushes;
        this.presence = presence;
    }

    @Override
    public IQ handle(IQ request, Requester requester) {
        JID user = requester.fullJid();
        JID to = request.getTo();
        if (to != null && !to.toBareJID().equals(user.toBareJID())) {
            // The block list is the user's own, handled by the user's server with no 'to' (§3.2, §3.3).
            throw new StanzaErrorException(PacketError.Condition.forbidden, "only your own block list");
        }
        Element child = request.getChildElement();
        return switch (request.getType() + " " + child.getName()) {
            case "get blocklist" -> blocklist(request, user);
            case "set block" -> block(request, user, child);
            case "set unblock" -> unblock(request, user, child);
            default -> throw new StanzaErrorException(PacketError.Condition.bad_request,
                    "expected get <blocklist/>, set <block/> or set <unblock/>");
        };
    }

    private IQ blocklist(IQ request, JID user) {
        pushes.requested(user);
        IQ result = IQ.createResultIQ(request);
        // §3.2: one <item/> per blocked JID, or an empty <blocklist/>.
        Element list = result.setChildElement("blocklist", BlockingModule.NAMESPACE);
        new TreeSet<>(lists.of(user.getNode())).forEach(jid -> list.addElement("item").addAttribute("jid", jid));
        return result;
    }

    private IQ block(IQ request, JID user, Element block) {
        Set<String> jids = items(block);
        if (jids.isEmpty()) {
            // §3.3: a <block/> without items is a bad request.
            throw new StanzaErrorException(PacketError.Condition.bad_request, "<block/> needs at least one <item/>");
        }
        lists.block(user.getNode(), jids);
        presence.blocked(user, jids);
        pushes.push(user, "block", jids);
        return IQ.createResultIQ(request);
    }

    private IQ unblock(IQ request, JID user, Element unblock) {
        Set<String> jids = items(unblock);
        if (jids.isEmpty()) {
            // §3.5: an <unblock/> without items empties the list, and the push carries no items either.
            Set<String> were = lists.unblockAll(user.getNode());
            presence.unblocked(user, were);
            pushes.push(user, "unblock", List.of());
        } else {
            lists.unblock(user.getNode(), jids);
            presence.unblocked(user, jids);
            pushes.push(user, "unblock", jids);
        }
        return IQ.createResultIQ(request);
    }

    /** The items' JIDs in their canonical (prepped) form; a JID that does not parse is jid-malformed (§3.3). */
    private static Set<String> items(Element parent) {
        List<String> jids = new ArrayList<>();
        for (Element item : parent.elements("item")) {
            String jid = item.attributeValue("jid");
            if (jid == null || jid.isBlank()) {
                throw new StanzaErrorException(PacketError.Condition.jid_malformed, "<item/> without a 'jid'");
            }
            try {
                jids.add(new JID(jid).toString());
            } catch (IllegalArgumentException e) {
                throw new StanzaErrorException(PacketError.Condition.jid_malformed, "not a JID: " + jid);
            }
        }
        return new LinkedHashSet<>(jids);
    }
}
