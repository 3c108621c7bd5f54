package im.parley.conformance.xep0012;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqlast.LastActivityManager;
import org.jivesoftware.smackx.iqlast.packet.LastActivity;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0012: the server's uptime (§5) and a contact's last logout (§3), which strangers may not learn (§8). */
@ParleyServer
class LastActivityTest {
    private final Accounts accounts;

    LastActivityTest(Accounts accounts) {
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0012", section = "5", quote = "When the IQ-get namespace is sent to a server or component "
            + "(i.e., to a JID of the form 'host'), the information contained in the IQ reply reflects the uptime of the "
            + "JID sending the reply.")
    void serverAnswersWithItsUptime_xep0012_5() throws Exception {
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        Jid server = JidCreate.domainBareFrom(accounts.target().domain());
        LastActivityManager lastActivity = LastActivityManager.getInstanceFor(romeo);

        assertThat(lastActivity.isLastActivitySupported(server)).as("jabber:iq:last in disco#info").isTrue();
        LastActivity uptime = lastActivity.getLastActivity(server);
        assertThat(uptime.getIdleTime()).as("seconds since the server started").isBetween(0L, 24 * 3600L);
        assertThat(uptime.getStatusMessage()).as("SHOULD NOT contain XML character data").isNullOrEmpty();
    }

    @Test
    @Spec(document = "XEP-0012", section = "3", quote = "the <query/> element contained in the IQ-result has a 'seconds' "
            + "attribute, which is the number of seconds that have passed since the user last logged out. In addition, "
            + "the element MAY contain XML character data that specifies the status message of the last unavailable "
            + "presence received from the user.")
    void subscriberLearnsAContactsLastLogout_xep0012_3() throws Exception {
        // Given romeo subscribed to juliet's presence, and juliet online
        Credentials julietAccount = accounts.registered("juliet");
        XMPPTCPConnection juliet = accounts.loggedIn(julietAccount);
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        subscribe(romeo, juliet);
        LastActivityManager romeosQuery = LastActivityManager.getInstanceFor(romeo);
        assertThat(romeosQuery.getLastActivity(julietAccount.jid()).getIdleTime())
                .as("§3: an available resource means seconds='0'").isZero();

        // When juliet logs out, saying why
        Presence goodbye = juliet.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.unavailable)
                .setStatus("Heading Home").build();
        juliet.disconnect(goodbye);

        // Then romeo learns how long ago she left and her last status, once the server has seen the session end
        AtomicReference<LastActivity> answer = new AtomicReference<>();
        Awaitility.await().atMost(Accounts.REPLY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                answer.set(romeosQuery.getLastActivity(julietAccount.jid()));
                return "Heading Home".equals(answer.get().getStatusMessage());
            } catch (XMPPException.XMPPErrorException e) {
                return false; // between her unavailable presence and the end of her session nothing is recorded yet
            }
        });
        assertThat(answer.get().getIdleTime()).as("seconds since juliet logged out").isBetween(0L, 60L);
    }

    @Test
    @Spec(document = "XEP-0012", section = "3", quote = "a server MUST NOT return last activity information to an entity "
            + "that is not authorized to view the user's presence information (normally via presence subscription), and "
            + "MUST return a \"Forbidden\" error in response to such a request")
    void strangerIsForbidden_xep0012_3() throws Exception {
        // Given juliet logged in once and gone, and tybalt not subscribed to her presence
        Credentials juliet = accounts.registered("juliet");
        accounts.loggedIn(juliet).disconnect();
        XMPPTCPConnection tybalt = accounts.loggedIn("tybalt");

        // When / Then
        assertThatThrownBy(() -> LastActivityManager.getInstanceFor(tybalt).getLastActivity(juliet.jid()))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
    }

    /** RFC 6121 §3.1: {@code subscriber} asks for {@code contact}'s presence and the contact's client approves. */
    private static void subscribe(XMPPTCPConnection subscriber, XMPPTCPConnection contact) throws Exception {
        Roster.getInstanceFor(contact).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Jid contactJid = contact.getUser().asBareJid();
        try (StanzaCollector approvals = subscriber.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE,
                FromMatchesFilter.createBare(contactJid),
                stanza -> ((Presence) stanza).getType() == Presence.Type.subscribed))) {
            subscriber.sendStanza(subscriber.getStanzaFactory().buildPresenceStanza()
                    .ofType(Presence.Type.subscribe).to(contactJid).build());
            assertThat((Object) approvals.nextResult(Accounts.REPLY_TIMEOUT.toMillis()))
                    .as("%s approves %s's subscription", contactJid, subscriber.getUser()).isNotNull();
        }
    }
}
