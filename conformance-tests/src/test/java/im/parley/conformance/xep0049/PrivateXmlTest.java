package im.parley.conformance.xep0049;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.iqprivate.packet.DefaultPrivateData;
import org.jivesoftware.smackx.iqprivate.packet.PrivateData;
import org.junit.jupiter.api.Test;

@ParleyServer
class PrivateXmlTest {
    private final Accounts accounts;

    PrivateXmlTest(Accounts accounts) {
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0049", section = "2.1", quote = "The data can then be retrieved by sending an <iq/> stanza of "
            + "type \"get\" with a <query/> child scoped by the 'jabber:iq:private' namespace")
    void storedFragmentIsReturnedInALaterSession_xep0049_2_1() throws Exception {
        // Given hamlet stores his preferences
        Credentials hamlet = accounts.registered("hamlet");
        XMPPTCPConnection first = accounts.loggedIn(hamlet, "denmark");
        DefaultPrivateData prefs = new DefaultPrivateData("exodus", "exodus:prefs");
        prefs.setValue("defaultnick", "Hamlet");
        PrivateDataManager.getInstanceFor(first).setPrivateData(prefs);
        first.disconnect();

        // When he reads them in a new session
        XMPPTCPConnection second = accounts.loggedIn(hamlet, "elsinore");
        PrivateData read = PrivateDataManager.getInstanceFor(second).getPrivateData("exodus", "exodus:prefs");

        // Then they are what he stored
        assertThat(read).isInstanceOf(DefaultPrivateData.class);
        assertThat(((DefaultPrivateData) read).getValue("defaultnick")).isEqualTo("Hamlet");
    }
}
