package im.parley.ext.roster;

import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.SessionListener;
import im.parley.module.StanzaErrorException;
import im.parley.module.XmppModule;
import im.parley.storage.Roster;
import im.parley.storage.RosterItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** RFC 6121 §2: roster get, set and remove, with versioning (§2.6) and pushes (§2.1.6). */
public final class RosterModule implements XmppModule {
    /** RFC 6121 §2.6.1: the stream feature announcing roster versioning. */
    public static final String VERSIONING_NAMESPACE = "urn:xmpp:features:rosterver";

    private final Rosters rosters;
    private final SubscriptionCancellation cancellation;
    private volatile ServerServices services;
    private volatile RosterPushes pushes;

    public RosterModule(Rosters rosters, SubscriptionCancellation cancellation) {
        this.rosters = rosters;
        this.cancellation = cancellation;
    }

    @Override
    public String id() {
        return "roster";
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        services = registrar.services();
        pushes = new RosterPushes(services, rosters);
        registrar.iq(RosterItems.NAMESPACE, this::handle);
        registrar.streamFeature(state -> state.authenticated()
                ? Optional.of(DocumentHelper.createElement(QName.get("ver", VERSIONING_NAMESPACE)))
                : Optional.empty());
        registrar.sessions(new SessionListener() {
            @Override
            public void bound(JID fullJid) {
                rosters.load(fullJid.getNode());
            }

            @Override
            public void closed(JID fullJid) {
                rosters.notInterested(fullJid);
                if (!services.hasSessions(fullJid.toBareJID())) {
                    rosters.unload(fullJid.getNode());
                }
            }
        });
    }

    private IQ handle(IQ request, Requester requester) {
        JID user = requester.fullJid();
        // RFC 6121 §2.1.5 / §2.3.3: only the account itself may read or change its roster.
        if (request.getTo() != null && !request.getTo().toBareJID().equals(user.toBareJID())) {
            throw new StanzaErrorException(PacketError.Condition.forbidden);
        }
        return request.getType() == IQ.Type.get ? get(request, user) : set(request, user);
    }

    /** RFC 6121 §2.1.3 and §2.6.3: the whole roster, or nothing when the client's version is current. */
    private IQ get(IQ request, JID user) {
        rosters.interested(user);
        Roster roster = rosters.roster(user.getNode());
        IQ result = IQ.createResultIQ(request);
        String version = Long.toString(roster.version());
        String known = request.getChildElement().attributeValue("ver");
        if (version.equals(known)) {
            return result; // §2.6.3: an empty result; later changes arrive as pushes
        }
        Element query = result.setChildElement("query", RosterItems.NAMESPACE);
        query.addAttribute("ver", version);
        roster.items().stream().filter(RosterItems::visible).forEach(i -> query.add(RosterItems.toElement(i)));
        return result;
    }

    private IQ set(IQ request, JID user) {
        List<Element> items = request.getChildElement().elements("item");
        // RFC 6121 §2.3.3: a roster set carries exactly one item.
        if (items.size() != 1 || request.getChildElement().elements().size() != 1) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "a roster set carries exactly one item");
        }
        Element item = items.get(0);
        String contact = contactOf(item, user);
        if ("remove".equals(item.attributeValue("subscription"))) {
            remove(user, contact);
        } else {
            Optional<String> name = validName(item.attributeValue("name"));
            List<String> groups = validGroups(item);
            try {
                // RFC 6121 §2.1.2.5: the client cannot set 'subscription' (other than remove) or 'ask'; keep them.
                rosters.update(user.getNode(), contact, before -> Optional.of(
                        before.orElseGet(() -> RosterItem.of(contact)).withName(name).withGroups(groups)))
                        .ifPresent(pushes::push);
            } catch (RosterFullException e) {
                throw new StanzaErrorException(PacketError.Condition.not_allowed, e.getMessage());
            }
        }
        return IQ.createResultIQ(request);
    }

    /** RFC 6121 §2.5: remove the item, push the removal, cancel the subscriptions it carried. */
    private void remove(JID user, String contact) {
        Optional<RosterChange> change = rosters.update(user.getNode(), contact, before -> Optional.empty());
        if (change.isEmpty()) {
            throw new StanzaErrorException(PacketError.Condition.item_not_found); // §2.5.3
        }
        pushes.push(change.get());
        cancellation.removed(user, change.get().before().orElseThrow());
    }

    private static String contactOf(Element item, JID user) {
        String jid = item.attributeValue("jid");
        if (jid == null || jid.isBlank()) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "the item has no 'jid'");
        }
        JID contact;
        try {
            contact = new JID(jid);
        } catch (IllegalArgumentException e) {
            throw new StanzaErrorException(PacketError.Condition.jid_malformed, "not a JID: " + jid);
        }
        if (contact.toBareJID().equals(user.toBareJID())) {
            throw new StanzaErrorException(PacketError.Condition.not_allowed, "a user is not a contact of itself");
        }
        return contact.toBareJID();
    }

    /** RFC 6121 §2.3.3: a name over the server's limit is not-acceptable. */
    private Optional<String> validName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        if (name.length() > rosters.config().maxNameLength()) {
            throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                    "names have at most " + rosters.config().maxNameLength() + " characters");
        }
        return Optional.of(name);
    }

    /** RFC 6121 §2.3.3: duplicate groups are bad-request; empty or over-long groups are not-acceptable. */
    private List<String> validGroups(Element item) {
        List<String> groups = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Element group : item.elements("group")) {
            String text = group.getText();
            if (text.isEmpty()) {
                throw new StanzaErrorException(PacketError.Condition.not_acceptable, "a group name is empty");
            }
            if (text.length() > rosters.config().maxGroupLength()) {
                throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                        "group names have at most " + rosters.config().maxGroupLength() + " characters");
            }
            if (!seen.add(text)) {
                throw new StanzaErrorException(PacketError.Condition.bad_request, "duplicate group " + text);
            }
            groups.add(text);
        }
        if (groups.size() > rosters.config().maxGroups()) {
            throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                    "an item belongs to at most " + rosters.config().maxGroups() + " groups");
        }
        return groups;
    }
}
