package im.parley.ext.lastactivity;

import im.parley.module.IqHandler;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.SessionView;
import im.parley.module.StanzaErrorException;
import im.parley.storage.LastActivity;
import im.parley.storage.LastActivityStore;
import im.parley.storage.RosterStore;
import im.parley.storage.Subscription;
import java.time.Duration;
import java.time.Instant;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** Answers {@code jabber:iq:last} sent to the server (§5) or, on an account's behalf, to its bare JID (§3). */
final class LastActivityIqHandler implements IqHandler {
    private final LastActivityStore store;
    private final RosterStore rosters;
    private final ServerServices services;
    private final Instant started;

    LastActivityIqHandler(LastActivityStore store, RosterStore rosters, ServerServices services, Instant started) {
        this.store = store;
        this.rosters = rosters;
        this.services = services;
        this.started = started;
    }

    @Override
    public IQ handle(IQ request, Requester requester) {
        if (request.getType() != IQ.Type.get) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "last activity is read with an IQ of type get");
        }
        // RFC 6120 §10.3.3: an IQ without 'to' is handled on behalf of the sender's own account.
        JID to = request.getTo() == null ? requester.fullJid().asBareJID() : request.getTo();
        if (to.getNode() == null) {
            // XEP-0012 §5: the server's uptime, without character data.
            return reply(request, Duration.between(started, services.clock().instant()), "");
        }
        if (to.getResource() != null) {
            // RFC 6121 §8.5.3: a full JID's IQ belongs to that client; the router never hands it to the server.
            throw new StanzaErrorException(PacketError.Condition.service_unavailable);
        }
        return account(request, to, requester.fullJid().asBareJID());
    }

    /** XEP-0012 §3. The router answers for accounts that do not exist before this handler is asked. */
    private IQ account(IQ request, JID account, JID asker) {
        if (!mayKnowPresence(account, asker)) {
            // XEP-0012 §3: "MUST NOT return last activity information to an entity that is not authorized to view
            // the user's presence information ... and MUST return a Forbidden error".
            throw new StanzaErrorException(PacketError.Condition.forbidden);
        }
        if (services.sessionsOf(account.toBareJID()).stream().anyMatch(SessionView::available)) {
            return reply(request, Duration.ZERO, ""); // §3: at least one available resource → seconds='0'
        }
        LastActivity last = store.find(account.getNode()).orElseThrow(() -> new StanzaErrorException(
                PacketError.Condition.item_not_found, "no logout recorded for this account"));
        return reply(request, Duration.between(last.at(), services.clock().instant()), last.status());
    }

    /** RFC 6121 §2.1.2.5: a contact whose subscription the account approved ('from' or 'both') sees its presence. */
    private boolean mayKnowPresence(JID account, JID asker) {
        if (account.equals(asker)) {
            return true;
        }
        return rosters.item(account.getNode(), asker.toBareJID())
                .map(item -> item.subscription() == Subscription.FROM || item.subscription() == Subscription.BOTH)
                .orElse(false);
    }

    private static IQ reply(IQ request, Duration elapsed, String status) {
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", LastActivityModule.NAMESPACE);
        query.addAttribute("seconds", Long.toString(Math.max(0, elapsed.getSeconds())));
        if (!status.isEmpty()) {
            query.setText(status);
        }
        return result;
    }
}
