package im.parley.disco;

import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import im.parley.module.XmppModule;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/**
 * XEP-0030 disco#info and disco#items for the server (identity server/im plus every registered feature) and,
 * answered by the server on the account's behalf (RFC 6121 §8.5.2.1.3), for a local account's bare JID: identity
 * account/registered and the account features modules registered. The router only hands over IQs for accounts that
 * exist; for others it answers service-unavailable (RFC 6121 §8.5.1).
 */
public final class DiscoModule implements XmppModule {
    public static final String INFO = "http://jabber.org/protocol/disco#info";
    public static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private final Supplier<List<String>> features;
    private final Supplier<List<String>> accountFeatures;

    /**
     * {@code features}: every server disco feature the modules registered; {@code accountFeatures}: those they
     * registered for accounts' bare JIDs. Both are read at query time.
     */
    public DiscoModule(Supplier<List<String>> features, Supplier<List<String>> accountFeatures) {
        this.features = features;
        this.accountFeatures = accountFeatures;
    }

    @Override
    public String id() {
        return "disco";
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        registrar.discoFeature(INFO);
        registrar.discoFeature(ITEMS);
        registrar.iq(INFO, this::info);
        registrar.iq(ITEMS, this::items);
    }

    private IQ info(IQ request, Requester requester) {
        IQ reply = IQ.createResultIQ(request);
        Element query = reply.setChildElement("query", INFO);
        String node = request.getChildElement().attributeValue("node");
        if (node != null) {
            // XEP-0030 §3.1: a node we do not know is item-not-found.
            throw new StanzaErrorException(PacketError.Condition.item_not_found);
        }
        if (isServer(request.getTo())) {
            query.addElement("identity").addAttribute("category", "server").addAttribute("type", "im")
                    .addAttribute("name", "Parley");
            new TreeSet<>(features.get()).forEach(var -> query.addElement("feature").addAttribute("var", var));
        } else {
            query.addElement("identity").addAttribute("category", "account").addAttribute("type", "registered");
            TreeSet<String> vars = new TreeSet<>(accountFeatures.get());
            vars.add(INFO);
            vars.add(ITEMS);
            vars.forEach(var -> query.addElement("feature").addAttribute("var", var));
        }
        return reply;
    }

    private IQ items(IQ request, Requester requester) {
        IQ reply = IQ.createResultIQ(request);
        reply.setChildElement("query", ITEMS);
        return reply;
    }

    private static boolean isServer(JID to) {
        return to == null || to.getNode() == null;
    }
}
