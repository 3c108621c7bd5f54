package im.parley.conformance.support;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Accounts and Smack sessions on the target. Every account is new and uniquely named, so tests never share state;
 * every connection made here is disconnected after the test ({@link #disconnectAll()}).
 */
public final class Accounts {
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom random = new SecureRandom();

    private final Target target;
    private final List<AbstractXMPPConnection> connections = new ArrayList<>();

    Accounts(Target target) {
        this.target = target;
    }

    /** Registers a fresh account in-band (XEP-0077 §3.1, over TLS) named after {@code name}; returns its credentials. */
    public Credentials registered(String name) {
        Credentials credentials = new Credentials(uniqueName(name), randomPassword(), target.domain());
        XMPPTCPConnection connection = connected(configuration().build());
        try {
            AccountManager accounts = AccountManager.getInstance(connection);
            accounts.createAccount(Localpart.from(credentials.username()), credentials.password());
        } catch (Exception e) {
            throw new AssertionError("in-band registration of " + credentials.bareJid() + " failed", e);
        } finally {
            connection.disconnect();
        }
        return credentials;
    }

    /** A fresh account, logged in over STARTTLS with Smack's default mechanism choice. */
    public XMPPTCPConnection loggedIn(String name) {
        return loggedIn(registered(name));
    }

    public XMPPTCPConnection loggedIn(Credentials credentials) {
        return login(connected(configuration().build()), credentials, null);
    }

    public XMPPTCPConnection loggedIn(Credentials credentials, String resource) {
        return login(connected(configuration().build()), credentials, resource);
    }

    /** Logs in on a connection made with a custom configuration (e.g. one SASL mechanism only). */
    public XMPPTCPConnection login(XMPPTCPConnection connection, Credentials credentials, String resource) {
        try {
            if (!connection.isConnected()) {
                connection.connect();
            }
            if (resource == null) {
                connection.login(credentials.username(), credentials.password());
            } else {
                connection.login(credentials.username(), credentials.password(), Resourcepart.from(resource));
            }
            return connection;
        } catch (Exception e) {
            throw new AssertionError("login of " + credentials.bareJid() + " failed", e);
        }
    }

    /** Smack's configuration for the target: STARTTLS required, the target's trust, no login yet. */
    public XMPPTCPConnectionConfiguration.Builder configuration() {
        XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(org.jxmpp.jid.impl.JidCreate.domainBareFromOrThrowUnchecked(target.domain()))
                .setHost(target.host())
                .setPort(target.c2sPort())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(target.trustManager())
                .setConnectTimeout((int) REPLY_TIMEOUT.toMillis());
        target.hostnameVerifier().ifPresent(builder::setHostnameVerifier);
        return builder;
    }

    /** A connected (not logged-in) connection with {@code configuration}, disconnected after the test. */
    public XMPPTCPConnection connected(XMPPTCPConnectionConfiguration configuration) {
        XMPPTCPConnection connection = unconnected(configuration);
        try {
            connection.connect();
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + target.host() + ":" + target.c2sPort(), e);
        }
        return connection;
    }

    /** A connection that is only created and tracked; the test connects it (to observe a failure, say). */
    public XMPPTCPConnection unconnected(XMPPTCPConnectionConfiguration configuration) {
        XMPPTCPConnection connection = new XMPPTCPConnection(configuration);
        connection.setReplyTimeout(REPLY_TIMEOUT.toMillis());
        // RFC 6121 rosters are tested on their own (rfc6121); other tests should not depend on the roster at login.
        Roster.getInstanceFor(connection).setRosterLoadedAtLogin(false);
        synchronized (connections) {
            connections.add(connection);
        }
        return connection;
    }

    public Target target() {
        return target;
    }

    /** Ends every connection made through this object. */
    public void disconnectAll() {
        List<AbstractXMPPConnection> all;
        synchronized (connections) {
            all = List.copyOf(connections);
            connections.clear();
        }
        for (AbstractXMPPConnection connection : all) {
            if (connection.isConnected()) {
                connection.disconnect();
            }
        }
    }

    static String uniqueName(String name) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        return name.toLowerCase(Locale.ROOT) + "-" + HexFormat.of().formatHex(suffix);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "pw" + HexFormat.of().formatHex(bytes);
    }
}
