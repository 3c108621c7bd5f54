package im.parley.ext.caps;

import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.SessionListener;
import im.parley.module.StanzaInterceptor;
import im.parley.module.XmppModule;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/** XEP-0115: the server's own caps in the stream features, and a cache of what clients advertise. */
public final class CapsModule implements XmppModule {
    public static final String NAMESPACE = "http://jabber.org/protocol/caps";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String NODE = "https://parley.im";

    private final CapsCache cache;
    private Supplier<? extends Collection<String>> serverFeatures;
    /** Open disco#info queries: IQ id → the ver it should confirm. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile ServerServices services;

    /** Advertises the caps of exactly what the server's disco#info answers (XEP-0115 §6.5 verification). */
    public CapsModule(CapsCache cache) {
        this(cache, null);
    }

    /**
     * {@code serverFeatures}: the server's disco#info features, read when the stream features are built; while it is
     * empty the server advertises no caps of its own (a wrong {@code ver} would be worse than none).
     */
    public CapsModule(CapsCache cache, Supplier<? extends Collection<String>> serverFeatures) {
        this.cache = cache;
        this.serverFeatures = serverFeatures;
    }

    @Override
    public String id() {
        return "caps";
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        services = registrar.services();
        if (serverFeatures == null) {
            serverFeatures = services::discoFeatures;
        }
        registrar.discoFeature(NAMESPACE);
        registrar.streamFeature(state -> state.authenticated() ? serverCaps() : Optional.empty());
        registrar.inbound(StanzaInterceptor.notForMessages(this::inbound));
        registrar.sessions(new SessionListener() {
            @Override
            public void closed(JID fullJid) {
                cache.forget(fullJid);
            }
        });
    }

    /** XEP-0115 §6.3: {@code <c/>} in the stream features, hashed over the server's identity and features. */
    private Optional<Element> serverCaps() {
        Collection<String> features = serverFeatures.get();
        if (features.isEmpty()) {
            return Optional.empty();
        }
        String ver = CapsVer.of(List.of(new CapsVer.Identity("server", "im", "", "Parley")), features);
        Element c = DocumentHelper.createElement(QName.get("c", NAMESPACE));
        c.addAttribute("hash", "sha-1").addAttribute("node", NODE).addAttribute("ver", ver);
        return Optional.of(c);
    }

    private Optional<Packet> inbound(Packet packet, Requester requester) {
        if (packet instanceof Presence presence && presence.getTo() == null && presence.isAvailable()) {
            presenceWithCaps(presence);
        } else if (packet instanceof IQ iq && !iq.isRequest() && iq.getID() != null && pending.containsKey(iq.getID())) {
            discoAnswer(iq);
            return Optional.empty(); // our own query's answer, nobody else's business
        }
        return Optional.of(packet);
    }

    private void presenceWithCaps(Presence presence) {
        Element c = presence.getChildElement("c", NAMESPACE);
        if (c == null || !"sha-1".equals(c.attributeValue("hash")) || c.attributeValue("ver") == null) {
            return; // legacy caps (no hash) are not cached: their ver does not identify a feature set
        }
        String ver = c.attributeValue("ver");
        cache.advertised(presence.getFrom(), ver);
        if (cache.known(ver) || pending.containsValue(ver)) {
            return;
        }
        // XEP-0115 §6.2: ask the client once what this ver stands for.
        IQ query = new IQ(IQ.Type.get, "caps-" + ids.incrementAndGet());
        query.setFrom(services.domain());
        query.setTo(presence.getFrom());
        query.setChildElement("query", DISCO_INFO).addAttribute("node", c.attributeValue("node") + "#" + ver);
        pending.put(query.getID(), ver);
        services.route(query);
    }

    private void discoAnswer(IQ answer) {
        String ver = pending.remove(answer.getID());
        Element query = answer.getChildElement();
        if (ver == null || answer.getType() != IQ.Type.result || query == null || !DISCO_INFO.equals(query.getNamespaceURI())) {
            return;
        }
        // XEP-0115 §5.4: only a verified answer may be cached, or one client could poison it for all others.
        if (CapsVer.of(query).equals(ver)) {
            cache.put(ver, new HashSet<>(CapsVer.features(query)));
        }
    }
}
