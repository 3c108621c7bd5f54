package im.parley.ext.offline;

import im.parley.module.ModuleRegistrar;
import im.parley.module.XmppModule;
import im.parley.storage.OfflineQueue;
import java.time.Duration;

/** XEP-0160: stores messages for accounts that are offline and delivers them at the next available presence. */
public final class OfflineModule implements XmppModule {
    public static final String ID = "offline";
    /** XEP-0160 §5: the disco feature of a server that stores offline messages. */
    public static final String FEATURE = "msgoffline";

    /** Long enough for a login storm's deletes to share commits, short beside a human's next login. */
    private static final Duration REMOVAL_LINGER = Duration.ofMillis(50);
    private static final int REMOVAL_BATCH = 512;

    private final OfflineQueue queue;
    private final Duration removalLinger;

    public OfflineModule(OfflineQueue queue) {
        this(queue, REMOVAL_LINGER);
    }

    /** {@code removalLinger}: how long delivered queues' deletes gather before their commit. */
    OfflineModule(OfflineQueue queue, Duration removalLinger) {
        this.queue = queue;
        this.removalLinger = removalLinger;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        registrar.discoFeature(FEATURE);
        registrar.offline(new OfflineStorage(queue, registrar.services())::store);
        DeliveredRemovals removals = new DeliveredRemovals(queue, removalLinger, REMOVAL_BATCH);
        registrar.onShutdown(removals::close);
        OfflineDelivery delivery = new OfflineDelivery(queue, removals, registrar.services());
        registrar.inbound(delivery);
        registrar.sessions(delivery);
    }
}
