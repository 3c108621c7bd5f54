package im.parley.ext.carbons;

import im.parley.module.IqHandler;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** XEP-0280 §4-5: {@code <enable/>} and {@code <disable/>} for the requesting resource. */
final class CarbonsIqHandler implements IqHandler {
    private final CarbonsEnabled enabled;

    CarbonsIqHandler(CarbonsEnabled enabled) {
        this.enabled = enabled;
    }

    @Override
    public IQ handle(IQ request, Requester requester) {
        JID resource = requester.fullJid();
        JID to = request.getTo();
        if (to != null && to.getNode() != null && !to.toBareJID().equals(resource.toBareJID())) {
            // XEP-0280 §5 (Example 8): a client cannot switch another account's carbons.
            throw new StanzaErrorException(PacketError.Condition.not_allowed, "carbons are set for your own account");
        }
        if (request.getType() != IQ.Type.set) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "carbons are enabled with an IQ of type set");
        }
        Element child = request.getChildElement();
        // XEP-0280 §10.1: repeated enables (or disables) are not errors; each simply gets a result.
        switch (child.getName()) {
            case "enable" -> enabled.enable(resource);
            case "disable" -> enabled.disable(resource);
            default -> throw new StanzaErrorException(PacketError.Condition.bad_request,
                    "expected <enable/> or <disable/>, got <" + child.getName() + "/>");
        }
        return IQ.createResultIQ(request);
    }
}
