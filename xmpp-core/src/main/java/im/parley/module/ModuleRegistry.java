package im.parley.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what every module registered at start-up; read-only once the server runs. The server builds its
 * dispatchers from it, and module unit tests (ModuleHarness) register through the same class.
 */
public final class ModuleRegistry implements ModuleRegistrar {
    private static final Logger log = LoggerFactory.getLogger(ModuleRegistry.class);

    private final Map<String, IqHandler> iqHandlers = new HashMap<>();
    private final Map<String, IqHandler> preAuthIqHandlers = new HashMap<>();
    private final Set<String> discoFeatures = new LinkedHashSet<>();
    private final Set<String> accountDiscoFeatures = new LinkedHashSet<>();
    private final List<StreamFeature> streamFeatures = new ArrayList<>();
    private final List<StanzaInterceptor> inbound = new ArrayList<>();
    private final List<StanzaInterceptor> outbound = new ArrayList<>();
    private final List<SessionListener> sessionListeners = new ArrayList<>();
    private final List<Runnable> shutdownActions = new ArrayList<>();
    private final List<Runnable> ackBarriers = new ArrayList<>();
    private Optional<OfflineHandler> offline = Optional.empty();
    private final ServerServices services;
    private String registering = "";

    public ModuleRegistry(ServerServices services) {
        this.services = services;
    }

    /** Registers each module once; a second module with the same id, or a namespace claimed twice, fails. */
    public void registerAll(List<XmppModule> modules) {
        Set<String> ids = new java.util.HashSet<>();
        for (XmppModule module : modules) {
            if (!ids.add(module.id())) {
                throw new IllegalStateException("module '" + module.id() + "' is registered twice");
            }
            registering = module.id();
            module.register(this);
        }
        registering = "";
    }

    @Override
    public void iq(String namespace, IqHandler handler) {
        own(iqHandlers, namespace, handler);
    }

    @Override
    public void preAuthIq(String namespace, IqHandler handler) {
        own(preAuthIqHandlers, namespace, handler);
    }

    private void own(Map<String, IqHandler> handlers, String namespace, IqHandler handler) {
        if (handlers.putIfAbsent(namespace, handler) != null) {
            throw new IllegalStateException("module '" + registering + "' registers IQ namespace " + namespace
                    + ", which another module already handles");
        }
    }

    @Override
    public void discoFeature(String var) {
        discoFeatures.add(var);
    }

    @Override
    public void accountDiscoFeature(String var) {
        accountDiscoFeatures.add(var);
    }

    @Override
    public void streamFeature(StreamFeature feature) {
        streamFeatures.add(feature);
    }

    @Override
    public void inbound(StanzaInterceptor interceptor) {
        inbound.add(interceptor);
    }

    @Override
    public void outbound(StanzaInterceptor interceptor) {
        outbound.add(interceptor);
    }

    @Override
    public void offline(OfflineHandler handler) {
        if (offline.isPresent()) {
            throw new IllegalStateException("module '" + registering + "' registers an offline store; there is one already");
        }
        offline = Optional.of(handler);
    }

    @Override
    public void sessions(SessionListener listener) {
        sessionListeners.add(listener);
    }

    @Override
    public void beforeAcknowledging(Runnable barrier) {
        ackBarriers.add(barrier);
    }

    /** Every module's acknowledgement barrier, run in turn. */
    public Runnable ackBarrier() {
        List<Runnable> barriers = List.copyOf(ackBarriers);
        return () -> barriers.forEach(Runnable::run);
    }

    @Override
    public void onShutdown(Runnable action) {
        shutdownActions.add(action);
    }

    /** Runs the modules' shutdown actions, last registered first; one failing does not keep the others from running. */
    public void shutdown() {
        for (Runnable action : shutdownActions.reversed()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("a module failed to shut down", e);
            }
        }
        shutdownActions.clear();
    }

    @Override
    public ServerServices services() {
        return services;
    }

    // ---- what the server (or a test harness) reads once registration is done

    public Map<String, IqHandler> iqHandlers() {
        return Collections.unmodifiableMap(iqHandlers);
    }

    public Map<String, IqHandler> preAuthIqHandlers() {
        return Collections.unmodifiableMap(preAuthIqHandlers);
    }

    public Set<String> discoFeatures() {
        return Collections.unmodifiableSet(discoFeatures);
    }

    public Set<String> accountDiscoFeatures() {
        return Collections.unmodifiableSet(accountDiscoFeatures);
    }

    public List<StreamFeature> streamFeatures() {
        return Collections.unmodifiableList(streamFeatures);
    }

    public List<StanzaInterceptor> inboundInterceptors() {
        return Collections.unmodifiableList(inbound);
    }

    public List<StanzaInterceptor> outboundInterceptors() {
        return Collections.unmodifiableList(outbound);
    }

    public List<SessionListener> sessionListeners() {
        return Collections.unmodifiableList(sessionListeners);
    }

    public Optional<OfflineHandler> offlineHandler() {
        return offline;
    }
}
