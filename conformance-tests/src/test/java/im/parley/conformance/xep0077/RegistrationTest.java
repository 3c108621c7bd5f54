package im.parley.conformance.xep0077;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.parts.Localpart;

/** XEP-0077: account creation, password change and account removal in-band. */
@ParleyServer
class RegistrationTest {
    private final Target target;
    private final Accounts accounts;

    RegistrationTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0077", section = "3.1", quote = "the host ... returns ... <username/> and <password/> ... "
            + "the entity ... MUST ... register")
    void registeredAccountCanLogIn_xep0077_3_1() throws Exception {
        // Given the registration form asks for username and password
        XMPPTCPConnection anonymous = accounts.connected(accounts.configuration().build());
        AccountManager manager = AccountManager.getInstance(anonymous);
        assertThat(manager.supportsAccountCreation()).isTrue();
        assertThat(manager.getAccountAttributes()).contains("username", "password");

        // When an account is registered, Then it can log in
        Credentials romeo = accounts.registered("romeo");
        assertThat(accounts.loggedIn(romeo).isAuthenticated()).isTrue();
    }

    @Test
    @Spec(document = "XEP-0077", section = "3.1", quote = "If the requested username is already taken, the host MUST "
            + "return a <conflict/> error")
    void registeringATakenUsernameGetsConflict_xep0077_3_1() {
        Credentials romeo = accounts.registered("romeo");
        XMPPTCPConnection anonymous = accounts.connected(accounts.configuration().build());

        assertThatThrownBy(() -> AccountManager.getInstance(anonymous)
                        .createAccount(Localpart.from(romeo.username()), "another-password"))
                .isInstanceOfSatisfying(XMPPErrorException.class, e ->
                        assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
    }

    @Test
    @Spec(document = "XEP-0077", section = "3.3", quote = "the user's password ... changed ... <password/>")
    void passwordChangeTakesEffect_xep0077_3_3() throws Exception {
        // Given romeo logged in
        Credentials romeo = accounts.registered("romeo");
        XMPPTCPConnection connection = accounts.loggedIn(romeo);

        // When he changes his password
        String newPassword = "new-" + romeo.password();
        AccountManager.getInstance(connection).changePassword(newPassword);
        connection.disconnect();

        // Then the new password logs in and the old one does not
        assertThat(accounts.loggedIn(romeo.withPassword(newPassword)).isAuthenticated()).isTrue();
        XMPPTCPConnection withOld = accounts.connected(accounts.configuration().build());
        assertThatThrownBy(() -> withOld.login(romeo.username(), romeo.password()))
                .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
    }

    @Test
    @Spec(document = "XEP-0077", section = "3.2", quote = "the host MUST ... cancel the registration ... <remove/>")
    void removedAccountCannotLogIn_xep0077_3_2() throws Exception {
        // Given romeo logged in
        Credentials romeo = accounts.registered("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.login(romeo, Optional.of("balcony"));

            // When he removes his account, Then the server answers, and only then ends his stream with
            // <not-authorized/> (§3.2; read raw: a client library may drop the answer once its stream is gone)
            client.send("<iq type='set' id='unreg1'><query xmlns='jabber:iq:register'><remove/></query></iq>");
            String answer = client.awaitMatch(Pattern.compile("<iq\\b[^>]*\\bid='unreg1'[^>]*>")).group();
            assertThat(answer).as(client.transcript()).contains("type='result'");
            assertThat(client.awaitStreamError()).isEqualTo("not-authorized");
        }

        // Then his credentials no longer work
        XMPPTCPConnection again = accounts.connected(accounts.configuration().build());
        assertThatThrownBy(() -> again.login(romeo.username(), romeo.password()))
                .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
    }
}
