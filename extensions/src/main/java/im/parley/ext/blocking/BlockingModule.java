package im.parley.ext.blocking;

import im.parley.module.ModuleRegistrar;
import im.parley.module.SessionListener;
import im.parley.module.XmppModule;
import im.parley.storage.BlockListStore;
import im.parley.storage.RosterStore;
import org.xmpp.packet.JID;

/** XEP-0191: the block list (get, block, unblock, unblock all), its pushes, and its enforcement in both directions. */
public final class BlockingModule implements XmppModule {
    public static final String ID = "blocking";
    public static final String NAMESPACE = "urn:xmpp:blocking";
    public static final String ERRORS = "urn:xmpp:blocking:errors";

    private final BlockListStore store;
    private final RosterStore rosters;

    /** {@code rosters}: read on block and unblock only, to tell contacts allowed to see presence (§3.3, §3.4). */
    public BlockingModule(BlockListStore store, RosterStore rosters) {
        this.store = store;
        this.rosters = rosters;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        BlockLists lists = new BlockLists(store);
        BlocklistPushes pushes = new BlocklistPushes(registrar.services());
        // XEP-0191 §3.1: support is advertised in the server's disco#info.
        registrar.discoFeature(NAMESPACE);
        registrar.iq(NAMESPACE, new BlockingIqHandler(lists, pushes,
                new BlockPresence(rosters, registrar.services())));
        registrar.inbound(new BlockingInterceptor(lists, registrar.services()));
        registrar.outbound(new BlockedPresenceFilter(lists));
        registrar.sessions(pushes);
        registrar.sessions(new SessionListener() {
            @Override
            public void bound(JID fullJid) {
                lists.load(fullJid.getNode());
            }

            @Override
            public void closed(JID fullJid) {
                if (!registrar.services().hasSessions(fullJid.toBareJID())) {
                    lists.forget(fullJid.getNode());
                }
            }
        });
    }
}
