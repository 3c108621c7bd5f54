package im.parley.ext.mam;

import im.parley.module.IqHandler;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.StanzaErrorException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * The {@code urn:xmpp:mam:2} IQs that are not a query of one's own archive: the query form (XEP-0313 §4.1.5), the
 * archiving preferences (XEP-0441 §2), and queries of an archive that is not the requester's (XEP-0313 §8.1).
 */
final class MamIqHandler implements IqHandler {
    private final ArchiveQueries queries;
    private final ArchivePreferences preferences;
    private final ServerServices services;

    MamIqHandler(ArchiveQueries queries, ArchivePreferences preferences, ServerServices services) {
        this.queries = queries;
        this.preferences = preferences;
        this.services = services;
    }

    @Override
    public IQ handle(IQ request, Requester requester) {
        JID user = requester.fullJid();
        JID to = request.getTo();
        if (to != null && !(to.getNode() != null && to.toBareJID().equals(user.toBareJID()))) {
            // XEP-0313 §8.1: a user archive is the user's alone; this server hosts no other archives.
            throw new StanzaErrorException(PacketError.Condition.forbidden, "only your own archive can be used");
        }
        Element child = request.getChildElement();
        return switch (child.getName()) {
            case "query" -> request.getType() == IQ.Type.get ? form(request) : query(request, requester);
            case "prefs" -> request.getType() == IQ.Type.get
                    ? prefsResult(request, preferences.of(user.getNode()))
                    : setPrefs(request, user);
            default -> throw new StanzaErrorException(PacketError.Condition.feature_not_implemented,
                    "<" + child.getName() + "/> is not supported");
        };
    }

    /** XEP-0313 §4.1.5: the fields a query may use, none of them required. */
    private static IQ form(IQ request) {
        IQ result = IQ.createResultIQ(request);
        Element x = result.setChildElement("query", MamModule.NAMESPACE)
                .addElement(QName.get("x", ArchiveRequest.DATA_FORMS)).addAttribute("type", "form");
        x.addElement("field").addAttribute("type", "hidden").addAttribute("var", "FORM_TYPE")
                .addElement("value").setText(MamModule.NAMESPACE);
        x.addElement("field").addAttribute("type", "jid-single").addAttribute("var", "with");
        x.addElement("field").addAttribute("type", "text-single").addAttribute("var", "start");
        x.addElement("field").addAttribute("type", "text-single").addAttribute("var", "end");
        // XEP-0313 §4.1.5: 'ids' is list-multi with an open XEP-0122 validation, never the list of all ids.
        x.addElement("field").addAttribute("type", "list-multi").addAttribute("var", "ids")
                .addElement("validate", "http://jabber.org/protocol/xdata-validate")
                .addAttribute("datatype", "xs:string").addElement("open");
        return result;
    }

    /**
     * Only reached when the query did not pass the {@link ArchiveQueryInterceptor} (which takes every query of one's
     * own archive): the results are routed and the fin returned, so they may arrive after it.
     */
    private IQ query(IQ request, Requester requester) {
        List<Packet> answer = queries.answer(request);
        answer.subList(0, answer.size() - 1).forEach(services::route);
        IQ last = (IQ) answer.getLast();
        if (last.getType() == IQ.Type.error) {
            PacketError error = last.getError();
            throw new StanzaErrorException(error.getCondition(), error.getType(), error.getText());
        }
        return last;
    }

    /** XEP-0441 §2.2: replaces the preferences and answers with them. */
    private IQ setPrefs(IQ request, JID user) {
        Element prefs = request.getChildElement();
        ArchiveDefault mode = ArchiveDefault.fromXml(prefs.attributeValue("default")).orElseThrow(() ->
                ArchiveRequest.badRequest("'default' must be always, roster or never"));
        ArchivingPrefs updated = new ArchivingPrefs(mode, jids(prefs.element("always")), jids(prefs.element("never")));
        preferences.set(user.getNode(), updated);
        return prefsResult(request, updated);
    }

    private static Set<String> jids(Element list) {
        Set<String> jids = new HashSet<>();
        if (list == null) {
            return jids;
        }
        for (Element jid : list.elements("jid")) {
            try {
                jids.add(new JID(jid.getTextTrim()).toBareJID());
            } catch (IllegalArgumentException e) {
                throw new StanzaErrorException(PacketError.Condition.jid_malformed, jid.getTextTrim());
            }
        }
        return jids;
    }

    private static IQ prefsResult(IQ request, ArchivingPrefs prefs) {
        IQ result = IQ.createResultIQ(request);
        result.setChildElement(prefs.toXml());
        return result;
    }

}
