package im.parley.server;

import im.parley.module.IqHandler;
import im.parley.module.OfflineHandler;
import im.parley.module.ModuleRegistrar;
import im.parley.module.ServerServices;
import im.parley.module.SessionListener;
import im.parley.module.StanzaInterceptor;
import im.parley.module.StreamFeature;
import im.parley.module.XmppModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collects what every module registered at start-up; read-only once the server runs. */
final class ModuleContributions implements ModuleRegistrar {
    final Map<String, IqHandler> iqHandlers = new HashMap<>();
    final Map<String, IqHandler> preAuthIqHandlers = new HashMap<>();
    final Set<String> discoFeatures = new LinkedHashSet<>();
    final Set<String> accountDiscoFeatures = new LinkedHashSet<>();
    final List<StreamFeature> streamFeatures = new ArrayList<>();
    final List<StanzaInterceptor> inbound = new ArrayList<>();
    final List<StanzaInterceptor> outbound = new ArrayList<>();
    final List<SessionListener> sessionListeners = new ArrayList<>();
    Optional<OfflineHandler> offline = Optional.empty();
    private final ServerServices services;
    private String registering = "";

    ModuleContributions(ServerServices services) {
        this.services = services;
    }

    void registerAll(List<XmppModule> modules) {
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
    public ServerServices services() {
        return services;
    }
}
