package im.parley.ext.carbons;

import im.parley.module.ModuleRegistrar;
import im.parley.module.XmppModule;

/** XEP-0280: the enable/disable IQ, the disco feature, and the copies of sent and received messages. */
public final class CarbonsModule implements XmppModule {
    public static final String ID = "carbons";
    public static final String NAMESPACE = "urn:xmpp:carbons:2";
    /** XEP-0297: Stanza Forwarding, the wrapper of every copy. */
    public static final String FORWARD_NAMESPACE = "urn:xmpp:forward:0";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        CarbonsEnabled enabled = new CarbonsEnabled();
        // XEP-0280 §3: a server that supports carbons MUST advertise the feature in disco#info.
        registrar.discoFeature(NAMESPACE);
        registrar.iq(NAMESPACE, new CarbonsIqHandler(enabled));
        registrar.inbound(new CarbonCopies(enabled, registrar.services()));
        registrar.sessions(enabled);
    }
}
