package im.parley.ext.offline;

import im.parley.module.ModuleRegistrar;
import im.parley.module.XmppModule;
import im.parley.storage.OfflineQueue;

/** XEP-0160: stores messages for accounts that are offline and delivers them at the next available presence. */
public final class OfflineModule implements XmppModule {
    public static final String ID = "offline";
    /** XEP-0160 §5: the disco feature of a server that stores offline messages. */
    public static final String FEATURE = "msgoffline";

    private final OfflineQueue queue;

    public OfflineModule(OfflineQueue queue) {
        this.queue = queue;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        registrar.discoFeature(FEATURE);
        registrar.offline(new OfflineStorage(queue, registrar.services())::store);
        OfflineDelivery delivery = new OfflineDelivery(queue, registrar.services());
        registrar.inbound(delivery);
        registrar.sessions(delivery);
    }
}
