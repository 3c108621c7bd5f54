package im.parley.ext.lastactivity;

import im.parley.module.ModuleRegistrar;
import im.parley.module.XmppModule;
import im.parley.storage.LastActivityStore;
import im.parley.storage.RosterStore;

/** XEP-0012: the server's uptime and offline accounts' last logout, for those allowed to see it. */
public final class LastActivityModule implements XmppModule {
    public static final String ID = "last-activity";
    public static final String NAMESPACE = "jabber:iq:last";

    private final LastActivityStore store;
    private final RosterStore rosters;

    public LastActivityModule(LastActivityStore store, RosterStore rosters) {
        this.store = store;
        this.rosters = rosters;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        // XEP-0012 §6: support is advertised in disco#info. Registration happens at start-up: uptime counts from here.
        registrar.discoFeature(NAMESPACE);
        LogoutRecorder recorder = new LogoutRecorder(store, registrar.services());
        registrar.inbound(recorder);
        registrar.sessions(recorder);
        registrar.iq(NAMESPACE, new LastActivityIqHandler(store, rosters, registrar.services(),
                registrar.services().clock().instant()));
    }
}
