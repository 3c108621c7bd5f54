package im.parley.conformance.xep0352;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

@ParleyServer
class ClientStateIndicationTest {
    private static final String CSI = "urn:xmpp:csi:0";

    private final Target target;
    private final Accounts accounts;

    ClientStateIndicationTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0352", section = "5", quote = "the server can ... suppress presence updates ... while the "
            + "client is inactive; messages ... should be delivered")
    void holdsPresenceWhileInactiveLetsMessagesThroughAndSendsTheLatestPresenceOnActive_xep0352_5() throws Exception {
        Credentials julietAccount = accounts.registered("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        try (RawXmppClient juliet = RawXmppClient.connect(target)) {
            // Given juliet's client, bound, which tells the server it went to the background
            String julietJid = juliet.login(julietAccount, Optional.of("phone"));
            assertThat(juliet.transcript()).contains("<csi xmlns='" + CSI + "'/>");
            goInactive(juliet);

            // When romeo's directed presence changes three times, then he sends a message
            for (String status : new String[] {"one", "two", "three"}) {
                romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza()
                        .to(JidCreate.from(julietJid)).setStatus(status).build());
            }
            romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.from(julietJid)).ofType(Message.Type.chat).setBody("wake up").build());

            // Then the message arrives at once, with no presence before it
            String untilMessage = juliet.readUntil("wake up");
            assertThat(untilMessage).as(juliet.transcript()).doesNotContain("<presence");

            // When she comes back to the foreground
            juliet.send("<active xmlns='" + CSI + "'/>");

            // Then only the latest presence is delivered
            String afterActive = juliet.readUntil("</presence>");
            assertThat(afterActive).as(juliet.transcript()).contains("<status>three</status>")
                    .doesNotContain("<status>one</status>").doesNotContain("<status>two</status>");
        }
    }

    @Test
    @Spec(document = "XEP-0352", section = "5", quote = "subscription requests ... are important")
    void subscriptionRequestsAreNotHeld_xep0352_5() throws Exception {
        Credentials julietAccount = accounts.registered("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        try (RawXmppClient juliet = RawXmppClient.connect(target)) {
            juliet.login(julietAccount, Optional.of("phone"));
            juliet.send("<presence/>");
            goInactive(juliet);
            romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza()
                    .to(JidCreate.bareFrom(julietAccount.bareJid())).ofType(Presence.Type.subscribe).build());
            String request = juliet.awaitMatch(Pattern.compile("<presence[^>]*type='subscribe'[^>]*>")).group();
            assertThat(request).as(juliet.transcript()).contains("from='" + romeo.getUser().asBareJid() + "'");
        }
    }

    /**
     * Sends {@code <inactive/>} and waits until the server has handled it. §5 gives the nonza no answer, but a server
     * handles one stream's elements in order, so the answer to a ping sent after it (XEP-0199 §4.2) is the sync point:
     * without it a contact's stanzas can overtake the state change.
     */
    private void goInactive(RawXmppClient client) {
        client.send("<inactive xmlns='" + CSI + "'/>");
        client.pingServer("csi-inactive");
    }
}
