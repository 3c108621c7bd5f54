package im.parley.ext.mam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.module.NotInMemoryException;
import im.parley.module.Requester;
import im.parley.module.SessionView;
import im.parley.module.StanzaInterceptor;
import im.parley.storage.Direction;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import im.parley.testing.MutableClock;
import im.parley.testing.RecordingServices;
import im.parley.testing.Requesters;
import im.parley.testing.Stanzas;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * XEP-0313 with real H2 storage. The examples are XEP-0313's, with Romeo moved to capulet.lit so that both ends of
 * the conversation are local users with archives.
 */
class MamModuleTest {
    private static final String JULIET = "juliet@capulet.lit/balcony";
    private static final String ROMEO = "romeo@capulet.lit/orchard";
    private static final int CAP = 50;

    @TempDir
    Path dataDirectory;

    private Storage storage;
    private RecordingServices services;
    private MutableClock clock;
    private ModuleHarness harness;
    private MamModule mam;
    private final Set<String> romeoInJulietsRoster = new java.util.HashSet<>();

    @BeforeEach
    void start() {
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        storage.users().create("juliet", List.of());
        storage.users().create("romeo", List.of());
        clock = MutableClock.at(Instant.parse("2010-07-10T23:08:25Z"));
        services = new RecordingServices("capulet.lit", clock);
        harness = ModuleHarness.of(services, module(ArchiveDefault.ALWAYS));
    }

    private MamModule module(ArchiveDefault defaultMode) {
        return mam = new MamModule(storage.archive(), storage.users()::exists,
                (user, contact) -> user.equals("juliet") && romeoInJulietsRoster.contains(contact),
                new MamConfig(defaultMode, CAP));
    }

    @AfterEach
    void close() {
        harness.shutdown();
        storage.close();
    }

    // ---- archiving (XEP-0313 §3.5, §5.1.1; XEP-0359)

    @Test
    void archivesChatInBothArchivesAndTellsTheRecipientTheId_xep0313_3_5() {
        // Given: XEP-0313 Example 1, Romeo writes to Juliet
        Message sent = message("<message from='" + ROMEO + "' to='juliet@capulet.lit' type='chat'>"
                + "<body>Call me but love, and I'll be new baptized; Henceforth I never will be Romeo.</body></message>");

        // When
        Message routed = send(sent, ROMEO);

        // Then: the routed copy carries <stanza-id by='juliet@capulet.lit'/>, the original is untouched
        Element stanzaId = routed.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS);
        assertThat(stanzaId.attributeValue("by")).isEqualTo("juliet@capulet.lit");
        assertThat(sent.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS)).isNull();
        // and the id names the message in Juliet's archive (incoming) and in Romeo's (outgoing)
        String id = stanzaId.attributeValue("id");
        assertThat(storage.archive().find("juliet", id)).hasValueSatisfying(m -> {
            assertThat(m.direction()).isEqualTo(Direction.INCOMING);
            assertThat(m.peer()).isEqualTo("romeo@capulet.lit");
        });
        assertThat(storage.archive().find("romeo", id)).hasValueSatisfying(m -> {
            assertThat(m.direction()).isEqualTo(Direction.OUTGOING);
            assertThat(m.peer()).isEqualTo("juliet@capulet.lit");
        });
    }

    @Test
    void stripsAStanzaIdTheClientForgedForTheRecipientsArchive_xep0359_3() {
        // Given: Romeo claims an id in Juliet's archive
        Message forged = message("<message from='" + ROMEO + "' to='juliet@capulet.lit' type='chat'><body>hi</body>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' by='juliet@capulet.lit' id='forged'/></message>");

        // When
        Message routed = send(forged, ROMEO);

        // Then: only the server's own stanza-id is left
        List<Element> ids = routed.getElement().elements("stanza-id");
        assertThat(ids).hasSize(1);
        assertThat(ids.getFirst().attributeValue("id")).isNotEqualTo("forged");
    }

    @Test
    void stripsAForgedStanzaIdEvenWhenNothingIsArchived_xep0359_3() {
        // Given: a chat-state-only message (not archived) with a forged id
        Message forged = message("<message from='" + ROMEO + "' to='juliet@capulet.lit' type='chat'>"
                + "<composing xmlns='http://jabber.org/protocol/chatstates'/>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' by='juliet@capulet.lit' id='forged'/></message>");

        // When
        Message routed = send(forged, ROMEO);

        // Then
        assertThat(routed.getElement().elements("stanza-id")).isEmpty();
        assertThat(archived("juliet")).isZero();
    }

    @Test
    void doesNotArchiveErrorsHeadlinesBodilessOrNoStoreHints_xep0313_5_1_1_xep0334_4() {
        // Given: messages a user archive does not keep
        List<String> notKept = List.of(
                "<message to='juliet@capulet.lit' type='error'><body>x</body></message>",
                "<message to='juliet@capulet.lit' type='headline'><body>x</body></message>",
                "<message to='juliet@capulet.lit' type='chat'><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
                "<message to='juliet@capulet.lit' type='chat'><body>x</body><no-store xmlns='urn:xmpp:hints'/></message>",
                "<message to='juliet@capulet.lit' type='chat'><body>x</body><no-permanent-store xmlns='urn:xmpp:hints'/></message>");

        // When
        for (String xml : notKept) {
            Message m = message(xml);
            m.setFrom(ROMEO);
            assertThat(send(m, ROMEO).getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS)).isNull();
        }

        // Then
        assertThat(archived("juliet")).isZero();
        assertThat(archived("romeo")).isZero();
    }

    @Test
    void archivesANormalMessageWithABody_xep0313_5_1_1() {
        // Given: no type means 'normal' (RFC 6121 §5.2.2)
        Message normal = message("<message from='" + ROMEO + "' to='juliet@capulet.lit'><body>Hail</body></message>");

        // When
        send(normal, ROMEO);

        // Then
        assertThat(archived("juliet")).isEqualTo(1);
    }

    @Test
    void archivesAMessageToOneselfOnce_xep0313_5_1_1() {
        // Given: a note to self (no 'to': the account itself)
        Message note = message("<message from='" + JULIET + "' type='chat'><body>remember</body></message>");

        // When
        Message routed = send(note, JULIET);

        // Then
        assertThat(archived("juliet")).isEqualTo(1);
        assertThat(routed.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS).attributeValue("by"))
                .isEqualTo("juliet@capulet.lit");
    }

    @Test
    void rosterDefaultArchivesOnlyContactsInTheRoster_xep0441_2() {
        // Given: a server whose default is 'roster'; Romeo is not (yet) in Juliet's roster
        harness = ModuleHarness.of(services, module(ArchiveDefault.ROSTER));

        // When
        Message first = send(chat(ROMEO, "juliet@capulet.lit", "one"), ROMEO);
        romeoInJulietsRoster.add("romeo@capulet.lit");
        Message second = send(chat(ROMEO, "juliet@capulet.lit", "two"), ROMEO);

        // Then: only the second reaches Juliet's archive
        assertThat(first.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS)).isNull();
        assertThat(second.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS)).isNotNull();
        assertThat(archived("juliet")).isEqualTo(1);
    }

    @Test
    void neverListWinsOverTheDefault_xep0441_2_2() {
        // Given: Juliet never archives Romeo
        IQ set = harness.handle(harness.iq("<iq from='" + JULIET + "' type='set' id='juliet2'>"
                + "<prefs xmlns='urn:xmpp:mam:2' default='always'>"
                + "<always/><never><jid>romeo@capulet.lit</jid></never></prefs></iq>"));
        assertThat(set.getType()).isEqualTo(IQ.Type.result);

        // When
        send(chat(ROMEO, "juliet@capulet.lit", "secret"), ROMEO);

        // Then: Romeo's archive keeps it, Juliet's does not
        assertThat(archived("juliet")).isZero();
        assertThat(archived("romeo")).isEqualTo(1);
    }

    @Test
    void answersPrefsWithTheServerDefaultThenTheStoredOnes_xep0441_2_1() {
        // Given
        IQ get = harness.iq("<iq from='" + JULIET + "' type='get' id='juliet3'><prefs xmlns='urn:xmpp:mam:2'/></iq>");

        // When
        IQ before = harness.handle(get);
        harness.handle(harness.iq("<iq from='" + JULIET + "' type='set' id='juliet2'>"
                + "<prefs xmlns='urn:xmpp:mam:2' default='roster'><always><jid>romeo@capulet.lit</jid></always>"
                + "<never><jid>montague@montague.lit</jid></never></prefs></iq>"));
        IQ after = harness.handle(get);

        // Then
        assertThat(before.getChildElement().attributeValue("default")).isEqualTo("always");
        Element prefs = after.getChildElement();
        assertThat(prefs.attributeValue("default")).isEqualTo("roster");
        assertThat(prefs.element("always").element("jid").getText()).isEqualTo("romeo@capulet.lit");
        assertThat(prefs.element("never").element("jid").getText()).isEqualTo("montague@montague.lit");
    }

    @Test
    void refusesPrefsWithoutAValidDefault_xep0441_2_2() {
        // When
        IQ reply = harness.handle(harness.iq("<iq from='" + JULIET + "' type='set' id='p1'>"
                + "<prefs xmlns='urn:xmpp:mam:2' default='sometimes'/></iq>"));

        // Then
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
    }

    // ---- querying (XEP-0313 §4)

    @Test
    void sendsResultsThenFin_xep0313_4() {
        // Given: XEP-0313 Example 2's two messages in Juliet's archive
        send(chat(ROMEO, "juliet@capulet.lit/balcony",
                "Call me but love, and I'll be new baptized; Henceforth I never will be Romeo."), ROMEO);
        clock.advance(Duration.ofSeconds(67));
        send(chat(JULIET, "romeo@capulet.lit/orchard",
                "What man art thou that thus bescreen'd in night so stumblest on my counsel?"), JULIET);

        // When: Example 3, a user queries their archive
        List<Packet> out = query("<iq type='set' id='juliet1'><query xmlns='urn:xmpp:mam:2' queryid='f27'/></iq>");

        // Then: the results, oldest first, then the IQ result (the server MUST send it after the last result)
        assertThat(out).hasSize(3);
        Message first = (Message) out.get(0);
        assertThat(first.getTo().toString()).isEqualTo(JULIET);
        assertThat(first.getFrom().toString()).isEqualTo("juliet@capulet.lit");
        Element result = first.getChildElement("result", MamModule.NAMESPACE);
        assertThat(result.attributeValue("queryid")).isEqualTo("f27");
        Element forwarded = result.element("forwarded");
        assertThat(forwarded.getNamespaceURI()).isEqualTo("urn:xmpp:forward:0");
        assertThat(forwarded.element("delay").attributeValue("stamp")).isEqualTo("2010-07-10T23:08:25Z");
        Element original = forwarded.element("message");
        assertThat(original.getNamespaceURI()).isEqualTo("jabber:client");
        assertThat(original.attributeValue("from")).isEqualTo(ROMEO);
        assertThat(original.elementText("body")).startsWith("Call me but love");
        Element second = ((Message) out.get(1)).getChildElement("result", MamModule.NAMESPACE);
        assertThat(second.element("forwarded").element("delay").attributeValue("stamp"))
                .isEqualTo("2010-07-10T23:09:32Z");
        IQ fin = (IQ) out.get(2);
        assertThat(fin.getType()).isEqualTo(IQ.Type.result);
        assertThat(fin.getID()).isEqualTo("juliet1");
        Element finElement = fin.getChildElement();
        assertThat(finElement.getName()).isEqualTo("fin");
        assertThat(finElement.attributeValue("complete")).isEqualTo("true");
        Element set = finElement.element("set");
        assertThat(set.elementText("first")).isEqualTo(result.attributeValue("id"));
        assertThat(set.elementText("last")).isEqualTo(second.attributeValue("id"));
        assertThat(set.elementText("count")).isEqualTo("2");
    }

    @Test
    void resultIdIsTheStanzaIdTheRecipientWasGiven_xep0313_3_5() {
        // Given
        Message routed = send(chat(ROMEO, "juliet@capulet.lit", "Hail to thee"), ROMEO);

        // When
        List<Packet> out = query("<iq type='set' id='q'><query xmlns='urn:xmpp:mam:2'/></iq>");

        // Then
        String stanzaId = routed.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS).attributeValue("id");
        assertThat(((Message) out.getFirst()).getChildElement("result", MamModule.NAMESPACE).attributeValue("id"))
                .isEqualTo(stanzaId);
    }

    @Test
    void filtersByWith_xep0313_4_1_1() {
        // Given: Juliet talks with Romeo and with the Nurse
        storage.users().create("nurse", List.of());
        send(chat(ROMEO, "juliet@capulet.lit", "from romeo"), ROMEO);
        send(chat("nurse@capulet.lit/kitchen", "juliet@capulet.lit", "from the nurse"), "nurse@capulet.lit/kitchen");
        send(chat(JULIET, "romeo@capulet.lit", "to romeo"), JULIET);

        // When: Example 5, with = a bare JID
        List<Packet> out = query("<iq type='set' id='juliet1'><query xmlns='urn:xmpp:mam:2'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                + "<field var='with'><value>romeo@capulet.lit</value></field></x></query></iq>");

        // Then
        assertThat(bodies(out)).containsExactly("from romeo", "to romeo");
    }

    @Test
    void filtersByStartAndEnd_xep0313_4_1_2() {
        // Given: one message a day, 2010-06-06 .. 2010-06-09
        clock.advance(Duration.between(clock.instant(), Instant.parse("2010-06-06T12:00:00Z")));
        for (int day = 6; day <= 9; day++) {
            send(chat(ROMEO, "juliet@capulet.lit", "day " + day), ROMEO);
            clock.advance(Duration.ofDays(1));
        }

        // When: Example 6's shape, start and end inclusive
        List<Packet> out = query("<iq type='set' id='juliet1'><query xmlns='urn:xmpp:mam:2'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                + "<field var='start'><value>2010-06-07T00:00:00Z</value></field>"
                + "<field var='end'><value>2010-06-08T12:00:00+00:00</value></field></x></query></iq>");

        // Then
        assertThat(bodies(out)).containsExactly("day 7", "day 8");
    }

    @Test
    void fetchesMessagesByIds_xep0313_4_1_3() {
        // Given
        send(chat(ROMEO, "juliet@capulet.lit", "one"), ROMEO);
        String two = stanzaId(send(chat(ROMEO, "juliet@capulet.lit", "two"), ROMEO));
        send(chat(ROMEO, "juliet@capulet.lit", "three"), ROMEO);

        // When: Example 10, fetching a specific message
        List<Packet> out = query(queryWithField("<field var='ids'><value>" + two + "</value></field>", ""));

        // Then
        assertThat(bodies(out)).containsExactly("two");
    }

    @Test
    void unknownIdIsItemNotFound_xep0313_4_1_3() {
        // When
        List<Packet> out = query(queryWithField("<field var='ids'><value>28482-98726-73623</value></field>", ""));

        // Then
        assertThat(error(out)).isEqualTo(PacketError.Condition.item_not_found);
    }

    @Test
    void unknownAfterIdIsItemNotFound_xep0313_4_3_2() {
        // Given
        send(chat(ROMEO, "juliet@capulet.lit", "one"), ROMEO);

        // When: Example 17's page query, with an id that is not in the archive
        List<Packet> out = query(queryWithField("", "<set xmlns='http://jabber.org/protocol/rsm'>"
                + "<max>10</max><after>09af3-cc343-b409f</after></set>"));

        // Then: Example 18, item-not-found, type cancel
        IQ reply = (IQ) out.getFirst();
        assertThat(out).hasSize(1);
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.item_not_found);
        assertThat(reply.getError().getType()).isEqualTo(PacketError.Type.cancel);
        assertThat(reply.getID()).isEqualTo("juliet1");
    }

    @Test
    void malformedStartIsBadRequest_xep0313_4_1_2() {
        // When: 'start' is not a XEP-0082 DateTime
        List<Packet> out = query(queryWithField("<field var='start'><value>yesterday</value></field>", ""));

        // Then
        assertThat(error(out)).isEqualTo(PacketError.Condition.bad_request);
    }

    @Test
    void wrongFormTypeIsBadRequest_xep0313_4_1() {
        // When: the hidden FORM_TYPE MUST be urn:xmpp:mam:2
        List<Packet> out = query("<iq type='set' id='juliet1'><query xmlns='urn:xmpp:mam:2'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:1</value></field></x></query></iq>");

        // Then
        assertThat(error(out)).isEqualTo(PacketError.Condition.bad_request);
    }

    @Test
    void malformedMaxIsBadRequest_xep0059_2_1() {
        // When
        List<Packet> out = query(queryWithField("", "<set xmlns='http://jabber.org/protocol/rsm'><max>ten</max></set>"));

        // Then
        assertThat(error(out)).isEqualTo(PacketError.Condition.bad_request);
    }

    @Test
    void unknownFieldIsFeatureNotImplemented_xep0313_4_1_5() {
        // When: Example 13's free-text-search field, which this server does not offer
        List<Packet> out = query(queryWithField("<field type='text-single' var='urn:example:xmpp:free-text-search'>"
                + "<value>Where arth thou, my Juliet?</value></field>", ""));

        // Then: "If a client includes a form field that the server does not recognise, the server MUST respond with
        // a 'feature-not-implemented' error."
        assertThat(error(out)).isEqualTo(PacketError.Condition.feature_not_implemented);
    }

    @Test
    void maxOverTheCapGivesACappedPageNotAnError_xep0313_4_3_1() {
        // Given: more messages than the cap
        for (int i = 0; i < CAP + 10; i++) {
            send(chat(ROMEO, "juliet@capulet.lit", "m" + i), ROMEO);
        }

        // When: the client asks for 1000
        List<Packet> out = query(queryWithField("", "<set xmlns='http://jabber.org/protocol/rsm'><max>1000</max></set>"));

        // Then: Example 16, the server returns its limited results and says so in <fin/>
        assertThat(bodies(out)).hasSize(CAP);
        Element fin = ((IQ) out.getLast()).getChildElement();
        assertThat(fin.attributeValue("complete")).isEqualTo("false");
        assertThat(fin.element("set").elementText("count")).isEqualTo(Integer.toString(CAP + 10));
    }

    @Test
    void pagesThrough500MessagesForwardsAndBackwards_xep0313_4_3_xep0059_2() {
        // Given: 500 messages in Juliet's archive, 25 per page (the cap is 50)
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String body = (i % 2 == 0 ? "from romeo " : "to romeo ") + i;
            if (i % 2 == 0) {
                send(chat(ROMEO, "juliet@capulet.lit", body), ROMEO);
            } else {
                send(chat(JULIET, "romeo@capulet.lit", body), JULIET);
            }
            sent.add(body);
        }

        // When: forwards with <after/> from the first page until complete='true'
        List<String> forwards = new ArrayList<>();
        Optional<String> after = Optional.empty();
        int pages = 0;
        while (true) {
            String set = "<set xmlns='http://jabber.org/protocol/rsm'><max>25</max>"
                    + after.map(id -> "<after>" + id + "</after>").orElse("") + "</set>";
            List<Packet> out = query(queryWithField("", set));
            forwards.addAll(bodies(out));
            pages++;
            Element fin = ((IQ) out.getLast()).getChildElement();
            if ("true".equals(fin.attributeValue("complete"))) {
                break;
            }
            after = Optional.of(fin.element("set").elementText("last"));
        }
        // and backwards from the last page (an empty <before/>) with <before/> the first id of each page
        List<String> backwards = new ArrayList<>();
        String before = "";
        while (true) {
            List<Packet> out = query(queryWithField("", "<set xmlns='http://jabber.org/protocol/rsm'><max>25</max>"
                    + "<before>" + before + "</before></set>"));
            backwards.addAll(0, bodies(out)); // each page is in chronological order (XEP-0313 §4.3.3)
            Element fin = ((IQ) out.getLast()).getChildElement();
            if ("true".equals(fin.attributeValue("complete"))) {
                break;
            }
            before = fin.element("set").elementText("first");
        }

        // Then: every message exactly once, in order, both ways
        assertThat(pages).isEqualTo(20);
        assertThat(forwards).containsExactlyElementsOf(sent);
        assertThat(backwards).containsExactlyElementsOf(sent);
    }

    @Test
    void answersTheFormWithTheSupportedFields_xep0313_4_1_5() {
        // When: Example 11
        IQ reply = harness.handle(harness.iq("<iq from='" + JULIET + "' type='get' id='form1'>"
                + "<query xmlns='urn:xmpp:mam:2'/></iq>"));

        // Then: FORM_TYPE and the mandatory fields, none required
        Element x = reply.getChildElement().element("x");
        assertThat(x.attributeValue("type")).isEqualTo("form");
        assertThat(x.elements("field").stream().map(f -> f.attributeValue("var")))
                .containsExactly("FORM_TYPE", "with", "start", "end", "ids");
        assertThat(x.elements("field").stream().filter(f -> f.element("required") != null)).isEmpty();
    }

    @Test
    void refusesAQueryOfSomeoneElsesArchive_xep0313_8_1() {
        // Given: Juliet asks Romeo's bare JID (the router hands it to the IQ handler, not the interceptor)
        IQ request = harness.iq("<iq from='" + JULIET + "' to='romeo@capulet.lit' type='set' id='spy'>"
                + "<query xmlns='urn:xmpp:mam:2'/></iq>");
        assertThat(interceptor().intercept(request, Requesters.user(JULIET))).contains(request);

        // When
        IQ reply = harness.handle(request);

        // Then
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.forbidden);
    }

    @Test
    void aSecondDeviceSeesTheWholeConversation_xep0313_2() {
        // Given: Juliet talks with Romeo from her balcony
        send(chat(ROMEO, "juliet@capulet.lit/balcony", "Lady, by yonder blessed moon I swear"), ROMEO);
        send(chat(JULIET, "romeo@capulet.lit/orchard", "O, swear not by the moon"), JULIET);

        // When: her second device, in the chamber, asks for the conversation
        IQ request = Stanzas.iq("<iq type='set' id='c1'><query xmlns='urn:xmpp:mam:2' queryid='c'/></iq>");
        request.setFrom("juliet@capulet.lit/chamber");
        Optional<Packet> passed = interceptor().intercept(request, Requesters.user("juliet@capulet.lit/chamber"));

        // Then: both directions, addressed to the chamber
        assertThat(passed).isEmpty();
        List<Packet> out = services.routed();
        assertThat(bodies(out)).containsExactly("Lady, by yonder blessed moon I swear", "O, swear not by the moon");
        assertThat(out).allSatisfy(p -> assertThat(p.getTo().toString()).isEqualTo("juliet@capulet.lit/chamber"));
    }

    // ---- on the event loop (ADR 015)

    @Test
    void archivesFromMemoryOnlyForAnOnlineRecipient_adr015() {
        // Given Romeo's message to Juliet
        Message sent = message("<message from='" + ROMEO + "' to='juliet@capulet.lit' type='chat'><body>hi</body></message>");
        Requester romeo = Requesters.user(ROMEO);

        Message bodiless = message("<message from='" + ROMEO + "' to='juliet@capulet.lit' type='chat'>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");

        // Then while Juliet is offline, archiving it needs her account looked up (a chat state alone is not archived)
        assertThat(archiver().inMemory(sent, romeo)).isFalse();
        assertThat(archiver().inMemory(bodiless, romeo)).isTrue();
        // and once she is online, it does not
        julietOnline();
        assertThat(archiver().inMemory(sent, romeo)).isTrue();
    }

    @Test
    void theRosterDefaultIsNotDecidedFromMemory_xep0441_2_adr015() {
        // Given a server whose default is 'roster', and Juliet online
        harness = ModuleHarness.of(services, module(ArchiveDefault.ROSTER));
        julietOnline();
        Message sent = message("<message from='" + ROMEO + "' to='juliet@capulet.lit' type='chat'><body>hi</body></message>");

        // Then whether to archive reads a roster, which is storage
        assertThat(archiver().inMemory(sent, Requesters.user(ROMEO))).isFalse();
        // and on an event loop the archiver gives up before writing anything rather than read it
        assertThatThrownBy(() -> archiver().interceptInMemory(sent, Requesters.user(ROMEO)))
                .isInstanceOf(NotInMemoryException.class);
        mam.awaitArchived();
        assertThat(archived("romeo")).isZero();
    }

    @Test
    void archivesTheSameOnTheEventLoop_xep0313_3_5_adr015() {
        // Given Juliet online
        julietOnline();
        Message sent = message("<message from='" + ROMEO + "' to='juliet@capulet.lit' type='chat'><body>by the loop</body></message>");
        Requester romeo = Requesters.user(ROMEO);

        // When the message is archived as an event loop does it
        Message routed = (Message) interceptor().interceptInMemory(sent, romeo)
                .flatMap(p -> archiver().interceptInMemory(p, romeo)).orElseThrow();
        mam.awaitArchived();

        // Then both archives have it under the id the recipient is told
        String id = routed.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS).attributeValue("id");
        assertThat(storage.archive().find("juliet", id)).isPresent();
        assertThat(storage.archive().find("romeo", id)).isPresent();
    }

    // ---- helpers

    private void julietOnline() {
        services.session(new SessionView(new org.xmpp.packet.JID(JULIET), true, 0, Optional.empty()));
    }

    private StanzaInterceptor interceptor() {
        return harness.inboundInterceptors().getFirst();
    }

    private StanzaInterceptor archiver() {
        return harness.inboundInterceptors().get(1);
    }

    /** Runs the message through the inbound interceptors as the sender's session would; returns what is routed. */
    private Message send(Message message, String senderFullJid) {
        Requester sender = Requesters.user(senderFullJid);
        Optional<Packet> routed = interceptor().intercept(message, sender).flatMap(p -> archiver().intercept(p, sender));
        mam.awaitArchived(); // rows are written behind the message; the tests read the storage directly
        return (Message) routed.orElseThrow();
    }

    /** Juliet's query through the interceptor, from the balcony; returns what was routed for it, in order. */
    private List<Packet> query(String xml) {
        IQ request = Stanzas.iq(xml);
        request.setFrom(JULIET);
        int before = services.routed().size();
        Optional<Packet> passed = interceptor().intercept(request, Requesters.user(JULIET));
        assertThat(passed).as("the interceptor takes queries of one's own archive").isEmpty();
        List<Packet> routed = services.routed();
        return routed.subList(before, routed.size());
    }

    private static String queryWithField(String field, String rsm) {
        return "<iq type='set' id='juliet1'><query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>" + field + "</x>"
                + rsm + "</query></iq>";
    }

    private static PacketError.Condition error(List<Packet> out) {
        assertThat(out).hasSize(1);
        IQ reply = (IQ) out.getFirst();
        assertThat(reply.getType()).isEqualTo(IQ.Type.error);
        return reply.getError().getCondition();
    }

    private static List<String> bodies(List<Packet> out) {
        return out.stream().filter(Message.class::isInstance)
                .map(p -> ((Message) p).getChildElement("result", MamModule.NAMESPACE)
                        .element("forwarded").element("message").elementText("body"))
                .toList();
    }

    private long archived(String owner) {
        return storage.archive().query(im.parley.storage.ArchiveQuery.all(owner,
                im.parley.storage.PageRequest.first(0))).orElseThrow().count();
    }

    private static String stanzaId(Message routed) {
        return routed.getChildElement("stanza-id", MessageArchiver.STANZA_ID_NS).attributeValue("id");
    }

    private static Message chat(String from, String to, String body) {
        Message m = new Message();
        m.setType(Message.Type.chat);
        m.setFrom(from);
        m.setTo(to);
        m.setBody(body);
        return m;
    }

    private static Message message(String xml) {
        return (Message) Stanzas.parse(xml);
    }
}
