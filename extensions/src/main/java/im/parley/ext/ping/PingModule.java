package im.parley.ext.ping;

import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import im.parley.module.XmppModule;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/** XEP-0199: answers {@code <ping xmlns='urn:xmpp:ping'/>} sent to the server with an empty result. */
public final class PingModule implements XmppModule {
    public static final String ID = "ping";
    public static final String NAMESPACE = "urn:xmpp:ping";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        // XEP-0199 §8: support is advertised in disco#info.
        registrar.discoFeature(NAMESPACE);
        registrar.iq(NAMESPACE, PingModule::pong);
    }

    private static IQ pong(IQ ping, Requester requester) {
        if (ping.getType() != IQ.Type.get) {
            // XEP-0199 §3: a ping is an IQ-get; anything else does not follow the protocol.
            throw new StanzaErrorException(PacketError.Condition.bad_request, "a ping is an IQ of type get");
        }
        if (!"ping".equals(ping.getChildElement().getName())) {
            throw new StanzaErrorException(PacketError.Condition.feature_not_implemented);
        }
        // XEP-0199 §4.2: the server MUST return an IQ-result, with no payload (Example 5).
        return IQ.createResultIQ(ping);
    }
}
