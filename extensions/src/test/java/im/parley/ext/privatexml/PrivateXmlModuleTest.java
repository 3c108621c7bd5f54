package im.parley.ext.privatexml;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import java.nio.file.Path;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

class PrivateXmlModuleTest {
    @TempDir
    Path dataDirectory;

    private Storage storage;
    private ModuleHarness harness;

    @BeforeEach
    void start() {
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        storage.users().create("hamlet", List.of());
        harness = ModuleHarness.of(new PrivateXmlModule(storage.privateXml(), new PrivateXmlConfig(1024)));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void storesAndReturnsAFragment_xep0049_2_3() {
        // Given: XEP-0049 Example 1, client stores private data
        IQ stored = harness.handle(harness.iq("""
                <iq type='set' id='1001' from='hamlet@shakespeare.lit/denmark'>
                  <query xmlns='jabber:iq:private'>
                    <exodus xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></exodus>
                  </query>
                </iq>"""));

        // When: Example 2, client retrieves it
        IQ reply = harness.handle(harness.iq("""
                <iq type='get' id='1002' from='hamlet@shakespeare.lit/denmark'>
                  <query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query>
                </iq>"""));

        // Then
        assertThat(stored.getType()).isEqualTo(IQ.Type.result);
        Element exodus = reply.getChildElement().element("exodus");
        assertThat(exodus.getNamespaceURI()).isEqualTo("exodus:prefs");
        assertThat(exodus.elementText("defaultnick")).isEqualTo("Hamlet");
    }

    @Test
    void returnsTheEmptyElementWhenNothingIsStored() {
        IQ reply = harness.handle(harness.iq("<iq type='get' id='g1' from='hamlet@shakespeare.lit/denmark'>"
                + "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>"));

        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getChildElement().element("storage").elements()).isEmpty();
    }

    @Test
    void anotherUsersDataIsForbidden_xep0049_2_3() {
        // Given: Example 3, macbeth tries to write hamlet's data
        IQ reply = harness.handle(harness.iq("""
                <iq type='set' to='hamlet@shakespeare.lit' id='1003' from='macbeth@shakespeare.lit/castle'>
                  <query xmlns='jabber:iq:private'>
                    <exodus xmlns='exodus:prefs'><defaultnick>Macbeth</defaultnick></exodus>
                  </query>
                </iq>"""));

        // Then: forbidden ("the former is preferable"), and nothing stored
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.forbidden);
        assertThat(storage.privateXml().find("hamlet", "exodus", "exodus:prefs")).isEmpty();
    }

    @Test
    void aGetWithoutAChildIsBadFormat_xep0049_2_3() {
        IQ reply = harness.handle(harness.iq("<iq type='get' id='1004' from='hamlet@shakespeare.lit/denmark'>"
                + "<query xmlns='jabber:iq:private'/></iq>"));

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.bad_request);
    }

    @Test
    void reservedNamespacesAreNotAcceptable_xep0049_2_3() {
        // Given: Example 5, a vCard stored as private data; and a jabber:client fragment
        IQ vcard = harness.handle(harness.iq("""
                <iq type='set' id='1005' from='hamlet@shakespeare.lit/denmark'>
                  <query xmlns='jabber:iq:private'><vCard xmlns='vcard-temp'><FN>Hamlet</FN></vCard></query>
                </iq>"""));
        IQ client = harness.handle(harness.iq("<iq type='get' id='1006' from='hamlet@shakespeare.lit/denmark'>"
                + "<query xmlns='jabber:iq:private'><message xmlns='jabber:client'/></query></iq>"));

        // Then both are not-acceptable
        assertThat(vcard.getError().getCondition()).isEqualTo(PacketError.Condition.not_acceptable);
        assertThat(client.getError().getCondition()).isEqualTo(PacketError.Condition.not_acceptable);
    }

    @Test
    void refusesMoreThanTheSizeLimit() {
        IQ reply = harness.handle(harness.iq("<iq type='set' id='big' from='hamlet@shakespeare.lit/denmark'>"
                + "<query xmlns='jabber:iq:private'><notes xmlns='urn:example:notes'>" + "x".repeat(2048)
                + "</notes></query></iq>"));

        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.not_acceptable);
    }
}
