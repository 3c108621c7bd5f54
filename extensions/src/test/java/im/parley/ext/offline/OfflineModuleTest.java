package im.parley.ext.offline;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.module.OfflineHandler;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

class OfflineModuleTest {
    private static final int LIMIT = 3;

    @TempDir
    Path dataDirectory;

    private Storage storage;
    private RecordingServices services;
    private ModuleHarness harness;
    private OfflineHandler offline;
    private StanzaInterceptor delivery;

    @BeforeEach
    void start() {
        StorageConfig h2 = StorageConfig.h2(dataDirectory);
        storage = JdbcStorage.open(new StorageConfig(h2.url(), h2.user(), h2.password(), 2, LIMIT));
        storage.users().create("juliet", List.of());
        services = new RecordingServices("capulet.lit", MutableClock.fixed());
        // Deletes wait here until the harness shuts down: every delivery after the first meets rows already handed over.
        harness = ModuleHarness.of(services, new OfflineModule(storage.offline(), Duration.ofHours(1)));
        offline = harness.offline().orElseThrow();
        delivery = harness.inboundInterceptors().getFirst();
    }

    @AfterEach
    void close() {
        harness.shutdown();
        storage.close();
    }

    private static Message message(String xml) {
        return (Message) Stanzas.parse(xml);
    }

    private static Message chat(String body) {
        return message("<message from='romeo@montague.lit/orchard' to='juliet@capulet.lit' type='chat'><body>"
                + body + "</body></message>");
    }

    private Optional<Packet> presence(String xml) {
        return delivery.intercept(Stanzas.parse(xml), Requesters.user("juliet@capulet.lit/balcony"));
    }

    @Test
    void storesChatWithADelayStampFromTheServer_xep0160_3_xep0203_3() {
        // Given: XEP-0160 §2, romeo writes to juliet, who has no available resource
        // When
        boolean stored = offline.store(chat("O Romeo, Romeo!"));

        // Then: committed, with a XEP-0203 delay from the server's domain at the time it was received
        assertThat(stored).isTrue();
        Message kept = message(storage.offline().fetch("juliet").getFirst().stanza());
        Element delay = kept.getChildElement("delay", "urn:xmpp:delay");
        assertThat(delay).isNotNull();
        assertThat(delay.attributeValue("from")).isEqualTo("capulet.lit");
        assertThat(delay.attributeValue("stamp")).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(kept.getBody()).isEqualTo("O Romeo, Romeo!");
    }

    @Test
    void deliversTheQueueInOrderAtInitialPresenceThenEmptiesIt_xep0160_2() {
        // Given three messages stored while juliet was offline
        offline.store(chat("one"));
        offline.store(chat("two"));
        offline.store(chat("three"));

        // When juliet's resource sends initial presence (no 'to', no type)
        Optional<Packet> passed = presence("<presence from='juliet@capulet.lit/balcony'/>");

        // Then the presence goes on untouched, the messages are routed to that resource in order, and once the
        // removals are written (at the latest when the server stops) the queue is empty
        assertThat(passed).isPresent();
        assertThat(services.routed()).extracting(p -> ((Message) p).getBody()).containsExactly("one", "two", "three");
        assertThat(services.routed()).allSatisfy(p -> assertThat(p.getTo().toString())
                .isEqualTo("juliet@capulet.lit/balcony"));
        harness.shutdown();
        assertThat(storage.offline().count("juliet")).isZero();
        assertThat(storage.offline().fetch("juliet")).isEmpty();
    }

    @Test
    void aSecondResourceDoesNotGetWhatTheFirstWasHandedBeforeItsDeleteIsWritten_xep0160_2() {
        // Given juliet's balcony resource got the queue, whose delete is not written yet
        offline.store(chat("one"));
        offline.store(chat("two"));
        presence("<presence/>");
        assertThat(storage.offline().fetch("juliet")).hasSize(2);

        // When a message is stored meanwhile and her second resource sends initial presence
        offline.store(chat("three"));
        delivery.intercept(Stanzas.parse("<presence/>"), Requesters.user("juliet@capulet.lit/chamber"));

        // Then the second resource gets only the new message, and after the removals the queue is empty
        assertThat(services.routed()).extracting(p -> ((Message) p).getBody()).containsExactly("one", "two", "three");
        assertThat(services.routed()).extracting(p -> p.getTo().getResource())
                .containsExactly("balcony", "balcony", "chamber");
        harness.shutdown();
        assertThat(storage.offline().fetch("juliet")).isEmpty();
    }

    @Test
    void aSessionEndingRightAfterItsDeliveryCanStoreItsUnacknowledgedMessagesAgain_rfc6121_8_5_2_2_1() {
        // Given a full queue delivered to juliet, its delete not written yet
        for (int i = 0; i < LIMIT; i++) {
            offline.store(chat("m" + i));
        }
        presence("<presence/>");

        // When her session ends before her client acknowledged them, and the core stores them again (XEP-0198 §4)
        harness.sessionListeners().forEach(l -> l.closed(new org.xmpp.packet.JID("juliet@capulet.lit/balcony")));
        List<Boolean> storedAgain = services.routed().stream().map(p -> offline.store((Message) p)).toList();

        // Then none is refused as over the limit: the delivered rows no longer count
        assertThat(storedAgain).containsOnly(true).hasSize(LIMIT);
        assertThat(storage.offline().fetch("juliet")).hasSize(LIMIT);
    }

    @Test
    void theServerStoppingWritesTheRemovalsItHeld() {
        // Given a queue delivered, then a message stored meanwhile, then the server stopping
        offline.store(chat("one"));
        presence("<presence/>");
        offline.store(chat("two"));
        harness.shutdown();

        // When the resource logs in again to a server started on the same storage
        ModuleHarness restarted = ModuleHarness.of(services, new OfflineModule(storage.offline(), Duration.ZERO));
        restarted.inboundInterceptors().getFirst().intercept(Stanzas.parse("<presence/>"),
                Requesters.user("juliet@capulet.lit/balcony"));
        restarted.shutdown();

        // Then it gets only what it was not handed before
        assertThat(services.routed()).extracting(p -> ((Message) p).getBody()).containsExactly("one", "two");
    }

    @Test
    void waitsForANonNegativePriority_xep0160_2() {
        // Given a stored message
        offline.store(chat("later"));

        // When juliet's first presence has priority -1
        presence("<presence><priority>-1</priority></presence>");

        // Then nothing is delivered until she sends priority 0 or more
        assertThat(services.routed()).isEmpty();
        presence("<presence><priority>1</priority></presence>");
        assertThat(services.routed()).hasSize(1);
    }

    @Test
    void deliversOnlyOnceWhilePresenceChanges() {
        // Given juliet online and her queue delivered
        offline.store(chat("one"));
        presence("<presence/>");

        // When she changes her status
        presence("<presence><show>away</show></presence>");

        // Then nothing is routed a second time
        assertThat(services.routed()).hasSize(1);
    }

    @Test
    void deliversAgainAfterTheSessionEndedAndANewOneStarted() {
        // Given a delivered queue, then the session ends and a message is stored meanwhile
        presence("<presence/>");
        harness.sessionListeners().forEach(l -> l.closed(new org.xmpp.packet.JID("juliet@capulet.lit/balcony")));
        offline.store(chat("while away"));

        // When the same resource logs in again
        presence("<presence/>");

        // Then it gets the new message
        assertThat(services.routed()).extracting(p -> ((Message) p).getBody()).containsExactly("while away");
    }

    @Test
    void refusesWhenTheQueueIsFullAndKeepsWhatIsQueued_rfc6121_8_5_2_2_1() {
        // Given a queue at its limit
        for (int i = 0; i < LIMIT; i++) {
            assertThat(offline.store(chat("m" + i))).isTrue();
        }

        // When one more arrives
        boolean stored = offline.store(chat("one too many"));

        // Then it is refused (the router bounces service-unavailable) and the queued ones are all kept
        assertThat(stored).isFalse();
        assertThat(storage.offline().fetch("juliet")).hasSize(LIMIT);
    }

    @Test
    void doesNotStoreChatStateOnlyMessages_xep0160_3() {
        // Given: a chat message that carries only a XEP-0085 notification
        Message composing = message("""
                <message from='romeo@montague.lit/orchard' to='juliet@capulet.lit' type='chat'>
                  <composing xmlns='http://jabber.org/protocol/chatstates'/>
                </message>""");

        // When
        boolean handled = offline.store(composing);

        // Then it is dropped silently: not stored, not bounced
        assertThat(handled).isTrue();
        assertThat(storage.offline().count("juliet")).isZero();
    }

    @Test
    void storesALoneDeliveryReceiptAndALoneChatMarker_xep0184_xep0333() {
        // Given: XEP-0184 Example 4 (a receipt) and XEP-0333 Example 4 (a displayed marker), without a body
        Message receipt = message("""
                <message from='kingrichard@royalty.england.lit/throne' id='bi29sg183b4v'
                         to='juliet@capulet.lit'>
                  <received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/>
                </message>""");
        Message marker = message("""
                <message from='romeo@montague.lit/orchard' to='juliet@capulet.lit' id='message-2' type='chat'>
                  <displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/>
                </message>""");

        // When
        offline.store(receipt);
        offline.store(marker);

        // Then both are kept: a later issue on receipts relies on it
        assertThat(storage.offline().count("juliet")).isEqualTo(2);
    }

    @Test
    void refusesGroupchatAndDropsHeadline_xep0160_3() {
        Message groupchat = message("<message from='room@chat.lit/nick' to='juliet@capulet.lit' type='groupchat'>"
                + "<body>hi all</body></message>");
        Message headline = message("<message from='news.lit' to='juliet@capulet.lit' type='headline'>"
                + "<body>news</body></message>");

        assertThat(offline.store(groupchat)).as("groupchat MUST NOT be stored").isFalse();
        assertThat(offline.store(headline)).as("headline SHOULD NOT be stored, nor bounced").isTrue();
        assertThat(storage.offline().count("juliet")).isZero();
    }

    @Test
    void honoursTheNoStoreHint_xep0334_4() {
        Message hinted = message("""
                <message from='romeo@montague.lit/orchard' to='juliet@capulet.lit' type='chat'>
                  <body>do not keep</body><no-store xmlns='urn:xmpp:hints'/>
                </message>""");

        assertThat(offline.store(hinted)).isTrue();
        assertThat(storage.offline().count("juliet")).isZero();
    }

    @Test
    void advertisesMsgoffline_xep0160_5() {
        assertThat(harness.discoFeatures()).containsExactly("msgoffline");
    }

    @Test
    void leavesDirectedPresenceAlone() {
        offline.store(chat("one"));

        Optional<Packet> passed = delivery.intercept(
                new Presence(Stanzas.element("<presence from='juliet@capulet.lit/balcony' to='romeo@montague.lit'/>")),
                Requesters.user("juliet@capulet.lit/balcony"));

        assertThat(passed).isPresent();
        assertThat(services.routed()).isEmpty();
    }
}
