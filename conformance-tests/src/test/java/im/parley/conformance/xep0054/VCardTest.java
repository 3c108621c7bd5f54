package im.parley.conformance.xep0054;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.Test;

@ParleyServer
class VCardTest {
    private final Accounts accounts;

    VCardTest(Accounts accounts) {
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0054", section = "3.2", quote = "A user may view another user's vCard by sending an IQ of "
            + "type \"get\" to the other user's bare JID")
    void publishedVCardIsReadByAnotherUser_xep0054_3_2() throws Exception {
        // Given stpeter publishes his vCard (XEP-0054 §3.3)
        XMPPTCPConnection stpeter = accounts.loggedIn("stpeter");
        VCard mine = new VCard();
        mine.setFirstName("Peter");
        mine.setLastName("Saint-Andre");
        mine.setNickName("stpeter");
        VCardManager.getInstanceFor(stpeter).saveVCard(mine);

        // When jer asks for it
        XMPPTCPConnection jer = accounts.loggedIn("jer");
        VCard read = VCardManager.getInstanceFor(jer).loadVCard(stpeter.getUser().asEntityBareJidOrThrow());

        // Then he sees what stpeter stored
        assertThat(read.getNickName()).isEqualTo("stpeter");
        assertThat(read.getLastName()).isEqualTo("Saint-Andre");
        assertThat(VCardManager.getInstanceFor(stpeter).loadVCard().getFirstName()).isEqualTo("Peter");
    }
}
