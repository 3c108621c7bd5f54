package im.parley.ext.mam;

import im.parley.module.StanzaErrorException;
import im.parley.storage.ArchiveQuery;
import im.parley.storage.PageRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dom4j.Element;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/**
 * A parsed {@code <query xmlns='urn:xmpp:mam:2'/>}: the XEP-0004 form's filters (XEP-0313 §4.1) and the XEP-0059
 * page. Parsing throws {@link StanzaErrorException} with the condition XEP-0313 and XEP-0059 name.
 */
record ArchiveRequest(Optional<String> queryId, Optional<String> with, Optional<Instant> start, Optional<Instant> end,
                      List<String> ids, PageRequest page) {
    static final String DATA_FORMS = "jabber:x:data";
    static final String RSM = "http://jabber.org/protocol/rsm";

    ArchiveRequest {
        ids = List.copyOf(ids);
    }

    ArchiveQuery toQuery(String owner) {
        return new ArchiveQuery(owner, with, start, end, ids, page);
    }

    /** Parses the query; {@code maxPage} caps the page size (XEP-0313 §4.3.1: capped, not refused). */
    static ArchiveRequest parse(Element query, int maxPage) {
        if (query.attributeValue("node") != null) {
            // XEP-0313 §5.1.3: 'node' selects a pubsub archive; this server has none.
            throw new StanzaErrorException(PacketError.Condition.feature_not_implemented, "no pubsub archives here");
        }
        if (query.element("flip-page") != null) {
            // XEP-0313 §4.3.4: part of urn:xmpp:mam:2#extended, which is not advertised.
            throw new StanzaErrorException(PacketError.Condition.feature_not_implemented, "flip-page is not supported");
        }
        Optional<String> queryId = Optional.ofNullable(query.attributeValue("queryid"));
        Filters filters = Filters.parse(forms(query));
        PageRequest page = page(rsm(query), maxPage);
        return new ArchiveRequest(queryId, filters.with, filters.start, filters.end, filters.ids, page);
    }

    private static Optional<Element> forms(Element query) {
        List<Element> forms = query.elements().stream().filter(e -> "x".equals(e.getName())
                && DATA_FORMS.equals(e.getNamespaceURI())).toList();
        if (forms.size() > 1) {
            throw badRequest("more than one data form");
        }
        return forms.stream().findFirst();
    }

    private static Optional<Element> rsm(Element query) {
        List<Element> sets = query.elements().stream().filter(e -> "set".equals(e.getName())
                && RSM.equals(e.getNamespaceURI())).toList();
        if (sets.size() > 1) {
            throw badRequest("more than one RSM <set/>");
        }
        return sets.stream().findFirst();
    }

    /** XEP-0059 §2: max, and one of after (next page) or before (previous page; empty = the last page). */
    private static PageRequest page(Optional<Element> set, int maxPage) {
        if (set.isEmpty()) {
            return PageRequest.first(maxPage);
        }
        Element rsm = set.get();
        if (rsm.element("index") != null) {
            // XEP-0059 §2.4: a responder that cannot jump to an index answers feature-not-implemented.
            throw new StanzaErrorException(PacketError.Condition.feature_not_implemented, "<index/> is not supported");
        }
        int max = maxPage;
        Element maxElement = rsm.element("max");
        if (maxElement != null) {
            try {
                max = Integer.parseInt(maxElement.getTextTrim());
            } catch (NumberFormatException e) {
                throw badRequest("<max/> is not a number: " + maxElement.getTextTrim());
            }
            if (max < 0) {
                throw badRequest("<max/> must not be negative");
            }
            max = Math.min(max, maxPage); // XEP-0313 §4.3.1: the server MAY limit the page and says so in <fin/>
        }
        Element after = rsm.element("after");
        Element before = rsm.element("before");
        if (after != null && before != null) {
            // XEP-0313 §4.3.2: RSM does not define both together; before-id/after-id are the way to a range.
            throw badRequest("<after/> and <before/> together are not defined");
        }
        if (after != null) {
            String id = after.getTextTrim();
            if (id.isEmpty()) {
                throw badRequest("<after/> needs an id");
            }
            return PageRequest.after(id, max);
        }
        if (before != null) {
            String id = before.getTextTrim();
            return id.isEmpty() ? PageRequest.last(max) : PageRequest.before(id, max); // XEP-0059 §2.5
        }
        return PageRequest.first(max);
    }

    static StanzaErrorException badRequest(String text) {
        return new StanzaErrorException(PacketError.Condition.bad_request, text);
    }

    /** The fields of the submitted form (XEP-0313 §4.1). */
    private record Filters(Optional<String> with, Optional<Instant> start, Optional<Instant> end, List<String> ids) {
        static Filters parse(Optional<Element> form) {
            Optional<String> with = Optional.empty();
            Optional<Instant> start = Optional.empty();
            Optional<Instant> end = Optional.empty();
            List<String> ids = List.of();
            if (form.isEmpty()) {
                return new Filters(with, start, end, ids);
            }
            Element x = form.get();
            String type = x.attributeValue("type");
            if (!"submit".equals(type)) {
                // XEP-0004 §3.1: a form sent to be processed is of type 'submit'.
                throw badRequest("the data form must be of type 'submit', not '" + type + "'");
            }
            Set<String> seen = new HashSet<>();
            for (Element field : x.elements("field")) {
                String var = field.attributeValue("var");
                if (var == null || var.isEmpty()) {
                    throw badRequest("a form field without 'var'");
                }
                if (!seen.add(var)) {
                    throw badRequest("field '" + var + "' appears twice");
                }
                List<String> values = field.elements("value").stream().map(Element::getTextTrim).toList();
                switch (var) {
                    case "FORM_TYPE" -> {
                        // XEP-0313 §4.1: the hidden FORM_TYPE MUST be this protocol's namespace.
                        if (!values.equals(List.of(MamModule.NAMESPACE))) {
                            throw badRequest("FORM_TYPE must be " + MamModule.NAMESPACE + ", got " + values);
                        }
                    }
                    case "with" -> with = single(var, values).map(Filters::bareJid);
                    case "start" -> start = single(var, values).map(v -> dateTime(var, v));
                    case "end" -> end = single(var, values).map(v -> dateTime(var, v));
                    case "ids" -> ids = idList(values);
                    case "before-id", "after-id" -> throw new StanzaErrorException(
                            PacketError.Condition.feature_not_implemented,
                            "'" + var + "' (urn:xmpp:mam:2#extended) is not supported; page with RSM instead");
                    // XEP-0313 §4.1.5: a form field the server does not recognise gets feature-not-implemented.
                    default -> throw new StanzaErrorException(PacketError.Condition.feature_not_implemented,
                            "unknown form field '" + var + "'");
                }
            }
            if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
                throw badRequest("'start' is after 'end'");
            }
            return new Filters(with, start, end, ids);
        }

        /** An empty field is no filter at all; more than one value in a single-valued field is malformed. */
        private static Optional<String> single(String var, List<String> values) {
            if (values.size() > 1) {
                throw badRequest("field '" + var + "' takes one value, got " + values.size());
            }
            return values.stream().filter(v -> !v.isEmpty()).findFirst();
        }

        /**
         * XEP-0313 §4.1.1: the archive keeps the peer's bare JID, so a full JID matches its bare JID's messages too
         * (wider than the SHOULD for full JIDs, never narrower).
         */
        private static String bareJid(String value) {
            try {
                return new JID(value).toBareJID();
            } catch (IllegalArgumentException e) {
                throw badRequest("'with' is not a JID: " + value);
            }
        }

        /** XEP-0313 §4.1.2: timestamps use the XEP-0082 DateTime profile. */
        private static Instant dateTime(String var, String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw badRequest("'" + var + "' is not a XEP-0082 DateTime: " + value);
            }
        }

        private static List<String> idList(List<String> values) {
            List<String> ids = new ArrayList<>();
            for (String v : values) {
                if (v.isEmpty()) {
                    throw badRequest("an empty value in 'ids'");
                }
                ids.add(v);
            }
            return ids;
        }
    }
}
