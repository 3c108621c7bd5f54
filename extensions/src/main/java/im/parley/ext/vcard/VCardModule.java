package im.parley.ext.vcard;

import im.parley.ext.StoredXml;
import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import im.parley.module.XmppModule;
import im.parley.storage.VCardStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** XEP-0054: retrieves any local user's vCard, stores the requester's own. */
public final class VCardModule implements XmppModule {
    public static final String ID = "vcard";
    public static final String NAMESPACE = "vcard-temp";

    private final VCardStore store;
    private final VCardConfig config;

    public VCardModule(VCardStore store, VCardConfig config) {
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
        if (!"vCard".equals(request.getChildElement().getName())) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "expected <vCard xmlns='vcard-temp'/>");
        }
        JID user = requester.fullJid();
        JID to = request.getTo();
        if (to != null && to.getNode() == null) {
            // The server itself has no vCard to offer.
            throw new StanzaErrorException(PacketError.Condition.service_unavailable);
        }
        boolean own = to == null || to.toBareJID().equals(user.toBareJID());
        return request.getType() == IQ.Type.get
                ? get(request, own ? user.getNode() : to.getNode(), own)
                : set(request, user, own);
    }

    private IQ get(IQ request, String username, boolean own) {
        Optional<String> stored = store.find(username);
        if (stored.isEmpty() && !own) {
            // §3.2: no vCard (or no user) is an error, the same either way so accounts cannot be harvested.
            throw new StanzaErrorException(PacketError.Condition.service_unavailable);
        }
        IQ result = IQ.createResultIQ(request);
        // §3.1: the user's own vCard, or an empty one when none was stored.
        Element vcard = stored.map(StoredXml::parse).orElseGet(() -> emptyVCard());
        result.getElement().add(vcard);
        return result;
    }

    private IQ set(IQ request, JID user, boolean own) {
        if (!own) {
            // §3.3: a user may only publish their own vCard.
            throw new StanzaErrorException(PacketError.Condition.forbidden, "only your own vCard can be set");
        }
        Element vcard = request.getChildElement().createCopy();
        String xml = vcard.asXML();
        int size = xml.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.maxBytes()) {
            throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                    "vCard is " + size + " bytes, more than the " + config.maxBytes() + " this server keeps");
        }
        store.put(user.getNode(), xml);
        return IQ.createResultIQ(request);
    }

    private static Element emptyVCard() {
        return org.dom4j.DocumentHelper.createElement(org.dom4j.QName.get("vCard", NAMESPACE));
    }
}
