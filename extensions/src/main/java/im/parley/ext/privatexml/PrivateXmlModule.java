package im.parley.ext.privatexml;

import im.parley.ext.StoredXml;
import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import im.parley.module.XmppModule;
import im.parley.storage.PrivateXmlStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** XEP-0049: stores and returns XML fragments for the requester's own account. */
public final class PrivateXmlModule implements XmppModule {
    public static final String ID = "private-xml";
    public static final String NAMESPACE = "jabber:iq:private";

    private final PrivateXmlStore store;
    private final PrivateXmlConfig config;

    public PrivateXmlModule(PrivateXmlStore store, PrivateXmlConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        registrar.discoFeature(NAMESPACE);
        registrar.iq(NAMESPACE, this::handle);
    }

    private IQ handle(IQ request, Requester requester) {
        JID user = requester.fullJid();
        JID to = request.getTo();
        if (to != null && !to.toBareJID().equals(user.toBareJID())) {
            // §2.3: another user's private data is forbidden (preferred over service-unavailable).
            throw new StanzaErrorException(PacketError.Condition.forbidden, "only your own private XML");
        }
        Element query = request.getChildElement();
        if (!"query".equals(query.getName())) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "expected <query xmlns='jabber:iq:private'/>");
        }
        List<Element> fragments = query.elements();
        if (fragments.isEmpty()) {
            // §2.3: a get without a child is "Bad Format" (bad-request); §2.3 Elements: a set without one is not-acceptable.
            throw request.getType() == IQ.Type.get
                    ? new StanzaErrorException(PacketError.Condition.bad_request, "name the fragment to retrieve")
                    : new StanzaErrorException(PacketError.Condition.not_acceptable, "nothing to store");
        }
        for (Element fragment : fragments) {
            String ns = fragment.getNamespaceURI();
            if (ns.isEmpty() || isReserved(ns)) {
                // §2.1: each fragment is scoped by its own namespace; §2.3: reserved ones are refused.
                throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                        ns.isEmpty() ? "a fragment needs its own namespace" : "namespace " + ns + " is reserved");
            }
        }
        return request.getType() == IQ.Type.get ? get(request, user, fragments) : set(request, user, fragments);
    }

    private IQ get(IQ request, JID user, List<Element> wanted) {
        if (wanted.stream().map(Element::getNamespaceURI).distinct().count() > 1) {
            // §2.3: a client MUST NOT query for more than one namespace in a single get.
            throw new StanzaErrorException(PacketError.Condition.bad_request, "one namespace per get");
        }
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", NAMESPACE);
        for (Element fragment : wanted) {
            // Nothing stored: the request's empty element comes back, as servers have always answered.
            query.add(store.find(user.getNode(), fragment.getName(), fragment.getNamespaceURI())
                    .map(StoredXml::parse)
                    .orElseGet(fragment::createCopy));
        }
        return result;
    }

    private IQ set(IQ request, JID user, List<Element> fragments) {
        List<String> xml = fragments.stream().map(Element::asXML).toList();
        int size = xml.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        if (size > config.maxBytes()) {
            throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                    "private XML of " + size + " bytes is more than the " + config.maxBytes() + " this server keeps");
        }
        for (int i = 0; i < fragments.size(); i++) {
            Element fragment = fragments.get(i);
            store.put(user.getNode(), fragment.getName(), fragment.getNamespaceURI(), xml.get(i));
        }
        return IQ.createResultIQ(request);
    }

    static boolean isReserved(String namespace) {
        return namespace.startsWith("jabber:") || namespace.startsWith("http://jabber.org/")
                || namespace.equals("vcard-temp");
    }
}
