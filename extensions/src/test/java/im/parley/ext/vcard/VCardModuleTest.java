package im.parley.ext.vcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.config.ConfigException;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

class VCardModuleTest {
    @TempDir
    Path dataDirectory;

    private Storage storage;
    private ModuleHarness harness;

    @BeforeEach
    void start() {
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        storage.users().create("stpeter", List.of());
        storage.users().create("jer", List.of());
        harness = ModuleHarness.of(new VCardModule(storage.vcards(), new VCardConfig(512)));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private IQ publish() {
        // XEP-0054 Example 4: a user updates their own vCard
        return harness.handle(harness.iq("""
                <iq from='stpeter@jabber.org/roundabout' id='v2' type='set'>
                  <vCard xmlns='vcard-temp'>
                    <FN>Peter Saint-Andre</FN>
                    <N><FAMILY>Saint-Andre</FAMILY><GIVEN>Peter</GIVEN></N>
                    <NICKNAME>stpeter</NICKNAME>
                  </vCard>
                </iq>"""));
    }

    @Test
    void returnsAnEmptyVCardWhenTheUserHasNone_xep0054_3_1() {
        // Given: XEP-0054 Example 1, no vCard stored yet
        IQ reply = harness.handle(harness.iq(
                "<iq from='stpeter@jabber.org/roundabout' id='v1' type='get'><vCard xmlns='vcard-temp'/></iq>"));

        // Then: Example 3, an empty vCard
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getChildElement().getName()).isEqualTo("vCard");
        assertThat(reply.getChildElement().getNamespaceURI()).isEqualTo("vcard-temp");
        assertThat(reply.getChildElement().elements()).isEmpty();
    }

    @Test
    void storesTheOwnVCardAndReturnsItToItsOwner_xep0054_3_1_and_3_3() {
        // When: Example 4, then Example 1
        IQ stored = publish();
        IQ reply = harness.handle(harness.iq(
                "<iq from='stpeter@jabber.org/roundabout' id='v1' type='get'><vCard xmlns='vcard-temp'/></iq>"));

        // Then: Example 5 (empty result) and Example 2 (the vCard)
        assertThat(stored.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getChildElement().elementText("FN")).isEqualTo("Peter Saint-Andre");
        assertThat(reply.getChildElement().element("N").elementText("GIVEN")).isEqualTo("Peter");
    }

    @Test
    void anotherUserReadsTheVCardAtTheBareJid_xep0054_3_2() {
        // Given stpeter's vCard
        publish();

        // When: Example 6, jer asks for it
        IQ reply = harness.handle(harness.iq("""
                <iq from='jer@jabber.org/home' to='stpeter@jabber.org' id='v3' type='get'>
                  <vCard xmlns='vcard-temp'/>
                </iq>"""));

        // Then: Example 7, the vCard, from stpeter's bare JID
        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getFrom().toString()).isEqualTo("stpeter@jabber.org");
        assertThat(reply.getChildElement().elementText("NICKNAME")).isEqualTo("stpeter");
    }

    @Test
    void anotherUserWithoutAVCardIsServiceUnavailable_xep0054_3_2() {
        IQ reply = harness.handle(harness.iq(
                "<iq from='stpeter@jabber.org/roundabout' to='jer@jabber.org' id='v4' type='get'><vCard xmlns='vcard-temp'/></iq>"));

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.service_unavailable);
    }

    @Test
    void cannotSetAnotherUsersVCard() {
        IQ reply = harness.handle(harness.iq(
                "<iq from='jer@jabber.org/home' to='stpeter@jabber.org' id='v5' type='set'>"
                        + "<vCard xmlns='vcard-temp'><FN>Not Peter</FN></vCard></iq>"));

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.forbidden);
        assertThat(storage.vcards().find("stpeter")).isEmpty();
    }

    @Test
    void refusesAVCardOverTheSizeLimit() {
        // Given a limit of 512 bytes and a vCard well over it
        String photo = "A".repeat(1024);

        // When
        IQ reply = harness.handle(harness.iq("<iq from='stpeter@jabber.org/roundabout' id='v6' type='set'>"
                + "<vCard xmlns='vcard-temp'><PHOTO><BINVAL>" + photo + "</BINVAL></PHOTO></vCard></iq>"));

        // Then
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.not_acceptable);
        assertThat(storage.vcards().find("stpeter")).isEmpty();
    }

    @Test
    void namesTheKeyOfABadLimit() {
        assertThatThrownBy(() -> new VCardConfig(0)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("modules.vcard.max-bytes");
    }
}
