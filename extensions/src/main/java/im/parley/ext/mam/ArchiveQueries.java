package im.parley.ext.mam;

import im.parley.ext.StoredXml;
import im.parley.iq.IqDispatcher;
import im.parley.module.StanzaErrorException;
import im.parley.storage.ArchivePage;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.MessageArchive;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * Answers a query of the requester's own archive (XEP-0313 §4): one {@code <message><result/></message>} per archived
 * message, oldest first, then the IQ result with {@code <fin/>}; or only an IQ error.
 */
final class ArchiveQueries {
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String DELAY = "urn:xmpp:delay";
    private static final String CLIENT = "jabber:client";
    private static final Logger log = LoggerFactory.getLogger(ArchiveQueries.class);

    private final MessageArchive archive;
    private final Runnable awaitArchived;
    private final int maxPage;

    /** {@code awaitArchived} returns once the messages routed so far are in the archive (rows are written behind). */
    ArchiveQueries(MessageArchive archive, Runnable awaitArchived, int maxPage) {
        this.archive = archive;
        this.awaitArchived = awaitArchived;
        this.maxPage = maxPage;
    }

    /**
     * The stanzas to send, in order, to the requester ({@code request}'s 'from', a full JID). Every one carries the
     * user's bare JID as 'from', the address of the archive that was queried.
     */
    List<Packet> answer(IQ request) {
        JID requester = request.getFrom();
        JID archiveJid = requester.asBareJID();
        try {
            ArchiveRequest parsed = ArchiveRequest.parse(request.getChildElement(), maxPage);
            String owner = requester.getNode();
            // A client that received a message must find it in its archive (e.g. a second device catching up).
            awaitArchived.run();
            for (String id : parsed.ids()) {
                // XEP-0313 §4.1.3: every id asked for must be in the archive.
                if (archive.find(owner, id).isEmpty()) {
                    throw new StanzaErrorException(PacketError.Condition.item_not_found, "no archived message " + id);
                }
            }
            // XEP-0313 §4.3.2 / XEP-0059 §2.2: an after/before id that is not in the archive is item-not-found.
            ArchivePage page = archive.query(parsed.toQuery(owner)).orElseThrow(() -> new StanzaErrorException(
                    PacketError.Condition.item_not_found, "the RSM <after/>/<before/> id is not in the archive"));
            List<Packet> out = new ArrayList<>(page.messages().size() + 1);
            for (ArchivedMessage archived : page.messages()) {
                out.add(result(archived, parsed.queryId(), archiveJid, requester));
            }
            out.add(fin(request, page, archiveJid));
            return out;
        } catch (StanzaErrorException e) {
            IQ error = IqDispatcher.error(request, e);
            error.setFrom(archiveJid);
            return List.of(error);
        }
    }

    /** XEP-0313 §4.2: the archived message, forwarded (XEP-0297) with the time the server received it (XEP-0203). */
    private static Message result(ArchivedMessage archived, Optional<String> queryId, JID archiveJid, JID requester) {
        Message message = new Message();
        message.setID(UUID.randomUUID().toString());
        message.setFrom(archiveJid);
        message.setTo(requester);
        Element result = message.getElement().addElement("result", MamModule.NAMESPACE);
        queryId.ifPresent(id -> result.addAttribute("queryid", id));
        result.addAttribute("id", archived.id());
        Element forwarded = result.addElement("forwarded", FORWARD);
        forwarded.addElement("delay", DELAY)
                .addAttribute("stamp", DateTimeFormatter.ISO_INSTANT.format(archived.timestamp()));
        try {
            forwarded.add(inClientNamespace(StoredXml.parse(archived.stanza())));
        } catch (IllegalStateException e) {
            // A damaged row is reported, not repaired; the client still learns the id and the time.
            log.warn("archived message {} of {} cannot be read back: {}", archived.id(), archived.owner(),
                    e.getMessage(), e);
        }
        return message;
    }

    /** XEP-0313 §4.3: the end of the page, with XEP-0059 first/last/count and whether it is the last page. */
    private static IQ fin(IQ request, ArchivePage page, JID archiveJid) {
        IQ result = IQ.createResultIQ(request);
        result.setFrom(archiveJid);
        Element fin = result.setChildElement("fin", MamModule.NAMESPACE);
        fin.addAttribute("complete", Boolean.toString(page.complete()));
        Element set = fin.addElement("set", ArchiveRequest.RSM);
        page.first().ifPresent(id -> set.addElement("first").setText(id));
        page.last().ifPresent(id -> set.addElement("last").setText(id));
        set.addElement("count").setText(Long.toString(page.count()));
        return result;
    }

    /**
     * XEP-0297 §3: the forwarded stanza is a full stanza in the 'jabber:client' namespace. A stanza stored without a
     * namespace would otherwise be written with xmlns='' inside {@code <forwarded/>}.
     */
    static Element inClientNamespace(Element element) {
        if (!element.getNamespaceURI().isEmpty()) {
            return element.createCopy();
        }
        Element copy = org.dom4j.DocumentHelper.createElement(QName.get(element.getName(), Namespace.get(CLIENT)));
        element.attributes().forEach(a -> copy.addAttribute(a.getQName(), a.getValue()));
        for (Node node : element.content()) {
            if (node instanceof Element child) {
                copy.add(inClientNamespace(child));
            } else {
                copy.add((Node) node.clone());
            }
        }
        return copy;
    }
}
