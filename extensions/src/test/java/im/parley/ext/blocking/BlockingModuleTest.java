package im.parley.ext.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.module.Requester;
import im.parley.module.NotInMemoryException;
import im.parley.module.SessionView;
import im.parley.module.StanzaInterceptor;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import im.parley.testing.MutableClock;
import im.parley.testing.RecordingServices;
import im.parley.testing.Requesters;
import im.parley.testing.Stanzas;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

class BlockingModuleTest {
    private static final String JULIET = "juliet@capulet.com/chamber";
    private static final String ROMEO = "romeo@capulet.com/orchard";

    @TempDir
    Path dataDirectory;

    private Storage storage;
    private RecordingServices services;
    private ModuleHarness harness;
    private StanzaInterceptor inbound;
    private StanzaInterceptor outbound;

    @BeforeEach
    void start() {
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        storage.users().create("juliet", List.of());
        storage.users().create("romeo", List.of());
        services = new RecordingServices("capulet.com", MutableClock.fixed());
        harness = ModuleHarness.of(services, new BlockingModule(storage.blockLists(), storage.rosters()));
        inbound = harness.inboundInterceptors().getFirst();
        outbound = harness.outboundInterceptors().getFirst();
        online(JULIET);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private void online(String fullJid) {
        services.session(new SessionView(new JID(fullJid), true, 0, Optional.empty()));
        harness.sessionListeners().forEach(l -> l.bound(new JID(fullJid)));
    }

    private IQ block(String jid) {
        return harness.handle(harness.iq("<iq from='" + JULIET + "' type='set' id='block1'>"
                + "<block xmlns='urn:xmpp:blocking'><item jid='" + jid + "'/></block></iq>"));
    }

    private Optional<Packet> send(String xml, String from) {
        // As the session does before interceptors run (RFC 6120 §8.1.2.1): 'from' is the sender's full JID.
        Packet stanza = Stanzas.parse(xml);
        stanza.setFrom(new JID(from));
        return inbound.intercept(stanza, Requesters.user(from));
    }

    @Test
    void returnsAnEmptyBlocklist_xep0191_3_2() {
        // Given: Example 3, juliet asks for her block list, which is empty
        IQ reply = harness.handle(harness.iq(
                "<iq type='get' id='blocklist1' from='" + JULIET + "'><blocklist xmlns='urn:xmpp:blocking'/></iq>"));

        // Then: Example 5, an empty <blocklist/>
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getChildElement().getName()).isEqualTo("blocklist");
        assertThat(reply.getChildElement().elements()).isEmpty();
    }

    @Test
    void blocksAndListsAndPushesToResourcesThatAskedForTheList_xep0191_3_3() {
        // Given: two resources of juliet, only 'chamber' retrieved the list
        online("juliet@capulet.com/balcony");
        harness.handle(harness.iq(
                "<iq type='get' id='blocklist1' from='" + JULIET + "'><blocklist xmlns='urn:xmpp:blocking'/></iq>"));

        // When: Example 6, she blocks romeo
        IQ reply = block("romeo@montague.net");

        // Then: Example 7 result, and Example 8 push to the resource that requested the list, only
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(services.routed()).hasSize(1);
        IQ push = (IQ) services.routed().getFirst();
        assertThat(push.getType()).isEqualTo(IQ.Type.set);
        assertThat(push.getTo()).isEqualTo(new JID(JULIET));
        assertThat(push.getChildElement().getName()).isEqualTo("block");
        assertThat(push.getChildElement().element("item").attributeValue("jid")).isEqualTo("romeo@montague.net");
        IQ list = harness.handle(harness.iq(
                "<iq type='get' id='blocklist2' from='" + JULIET + "'><blocklist xmlns='urn:xmpp:blocking'/></iq>"));
        assertThat(list.getChildElement().elements("item")).extracting(e -> e.attributeValue("jid"))
                .containsExactly("romeo@montague.net");
    }

    @Test
    void blockWithoutItemsIsBadRequest_xep0191_3_3() {
        IQ reply = harness.handle(harness.iq("<iq from='" + JULIET + "' type='set' id='block2'>"
                + "<block xmlns='urn:xmpp:blocking'/></iq>"));

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
    }

    @Test
    void blockOfAMalformedJidIsJidMalformed_xep0191_3_3() {
        IQ reply = block("romeo@@montague.net");

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.jid_malformed);
    }

    @Test
    void unblockWithoutItemsEmptiesTheList_xep0191_3_5() {
        // Given two blocked JIDs
        block("romeo@montague.net");
        block("iago@shakespeare.lit");

        // When: Example 12, unblock all
        IQ reply = harness.handle(harness.iq("<iq from='" + JULIET + "' type='set' id='unblock2'>"
                + "<unblock xmlns='urn:xmpp:blocking'/></iq>"));

        // Then
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(storage.blockLists().blocked("juliet")).isEmpty();
        assertThat(send("<message to='romeo@montague.net' type='chat'><body>hi</body></message>", JULIET)).isPresent();
    }

    @Test
    void messageToABlockedJidComesBackNotAcceptableWithBlocked_xep0191_3_5() {
        // Given juliet blocks romeo
        block(new JID(ROMEO).toBareJID());

        // When she writes to him
        Optional<Packet> passed = send("<message to='" + ROMEO + "' type='chat' id='m1'><body>hi</body></message>", JULIET);

        // Then it is not routed, and she gets not-acceptable with <blocked xmlns='urn:xmpp:blocking:errors'/>
        assertThat(passed).isEmpty();
        Packet error = services.routed().getLast();
        assertThat(error.getTo()).isEqualTo(new JID(JULIET));
        assertThat(error.getError().getCondition()).isEqualTo(PacketError.Condition.not_acceptable);
        Element condition = error.getElement().element("error").element("blocked");
        assertThat(condition).isNotNull();
        assertThat(condition.getNamespaceURI()).isEqualTo("urn:xmpp:blocking:errors");
    }

    @Test
    void stanzasFromABlockedUserLookOffline_xep0191_3_3() {
        // Given juliet (online) blocks romeo
        block("romeo@capulet.com");
        int before = services.routed().size();

        // When romeo sends her a message, an IQ get and presence
        Optional<Packet> message = send("<message to='juliet@capulet.com' type='chat' id='m2'><body>hi</body></message>", ROMEO);
        Optional<Packet> iq = send("<iq to='" + JULIET + "' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>", ROMEO);
        Optional<Packet> presence = send("<presence to='juliet@capulet.com' type='subscribe'/>", ROMEO);

        // Then none is routed; message and IQ get service-unavailable, presence gets nothing
        assertThat(message).isEmpty();
        assertThat(iq).isEmpty();
        assertThat(presence).isEmpty();
        List<Packet> errors = services.routed().subList(before, services.routed().size());
        assertThat(errors).hasSize(2).allSatisfy(e -> {
            assertThat(e.getTo()).isEqualTo(new JID(ROMEO));
            assertThat(e.getError().getCondition()).isEqualTo(PacketError.Condition.service_unavailable);
            assertThat(e.getElement().element("error").element("blocked")).as("the block is not revealed").isNull();
        });
    }

    @Test
    void blockingADomainBlocksEveryoneThere_xep0016_2_1() {
        block("capulet.com");

        assertThat(send("<message to='juliet@capulet.com' type='chat'><body>x</body></message>", ROMEO)).isEmpty();
    }

    @Test
    void dropsServerRoutedPresenceBetweenBlockerAndBlocked_xep0191_3_3() {
        // Given juliet blocks romeo, who is online too
        online(ROMEO);
        block("romeo@capulet.com");
        Requester romeoSession = Requesters.user(ROMEO);
        Requester julietSession = Requesters.user(JULIET);

        // Then juliet's available presence does not reach romeo, and his does not reach her
        assertThat(outbound.intercept(Stanzas.parse("<presence from='" + JULIET + "' to='" + ROMEO + "'/>"), romeoSession))
                .isEmpty();
        assertThat(outbound.intercept(Stanzas.parse("<presence from='" + ROMEO + "' to='" + JULIET + "'/>"), julietSession))
                .isEmpty();
        // but the not-acceptable error sent to juliet about romeo does
        assertThat(outbound.intercept(Stanzas.parse("<message type='error' from='" + ROMEO + "' to='" + JULIET
                + "'><error type='cancel'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"),
                julietSession)).isPresent();
    }

    @Test
    void readsTheListFromMemoryWhileTheUserIsOnline() {
        // Given juliet online (her list was loaded when she bound) and a block made behind the module's back
        storage.blockLists().block("juliet", List.of("romeo@capulet.com"));

        // When romeo writes: the memory copy is what counts, storage is not read per stanza
        Optional<Packet> passed = send("<message to='juliet@capulet.com' type='chat'><body>x</body></message>", ROMEO);

        // Then
        assertThat(passed).isPresent();
    }

    @Test
    void decidesAMessageFromMemoryOnlyWhileBothListsAreThere_adr015() {
        // Given juliet online, romeo not (yet)
        Packet toRomeo = Stanzas.parse("<message from='" + JULIET + "' to='" + ROMEO + "' type='chat'><body>x</body></message>");

        // Then sending romeo a message reads his list from storage (§3.3), and so does delivering it to him
        assertThat(inbound.inMemory(toRomeo, Requesters.user(JULIET))).isFalse();
        assertThat(outbound.inMemory(toRomeo, Requesters.user(ROMEO))).isFalse();
        // and once he is online, both lists are in memory
        online(ROMEO);
        assertThat(inbound.inMemory(toRomeo, Requesters.user(JULIET))).isTrue();
        assertThat(outbound.inMemory(toRomeo, Requesters.user(ROMEO))).isTrue();
        // and a list not in memory (its user went offline after the question) is not read on an event loop
        Packet toTybalt = Stanzas.parse("<message from='" + JULIET + "' to='tybalt@capulet.com' type='chat'><body>x</body></message>");
        assertThatThrownBy(() -> inbound.interceptInMemory(toTybalt, Requesters.user(JULIET)))
                .isInstanceOf(NotInMemoryException.class);
        assertThat(services.routed()).as("nothing routed before it gave up").isEmpty();
        // while presence, on its way out, may still read the sender's list
        assertThat(outbound.inMemory(Stanzas.parse("<presence from='" + ROMEO + "' to='" + JULIET + "'/>"),
                Requesters.user(JULIET))).isFalse();
    }

    @Test
    void advertisesTheFeature_xep0191_3_1() {
        assertThat(harness.discoFeatures()).containsExactly("urn:xmpp:blocking");
    }
}
