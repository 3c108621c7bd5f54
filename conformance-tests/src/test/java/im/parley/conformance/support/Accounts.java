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
    private final List<Credentials> existing;
    private boolean registrationUnavailable;
    private int nextExisting;

    Accounts(Target target) {
        this(target, List.of());
    }

    /**
     * @param existing accounts that already exist on the target ({@code parley.target.accounts}), handed out in turn
     *     when in-band registration is unavailable there
     */
    Accounts(Target target, List<Credentials> existing) {
        this.target = target;
        this.existing = List.copyOf(existing);
    }

    /**
     * Registers a fresh account in-band (XEP-0077 §3.1, over TLS) named after {@code name}; returns its credentials.
     * If the target refuses registration and existing accounts were given, returns the next of those instead (the
     * first call of each test gets the first account, the second call the second, and so on, wrapping around).
     */
    public Credentials registered(String name) {
        if (registrationUnavailable) {
            return nextExisting(name);
        }
        try {
            return registerFresh(name);
        } catch (AssertionError e) {
            if (existing.isEmpty()) {
                throw e;
            }
            // XEP-0077 is optional; the tester supplied accounts for servers that do not offer it.
            registrationUnavailable = true;
            return nextExisting(name);
        }
    }

    private synchronized Credentials nextExisting(String name) {
        Credentials credentials = existing.get(nextExisting % existing.size());
        nextExisting++;
        return credentials;
    }

    /** Parses {@code user1:pw1,user2:pw2} (local parts or bare JIDs) into accounts on {@code domain}. */
    static List<Credentials> parseExisting(String spec, String domain) {
        List<Credentials> parsed = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("parley.target.accounts: expected user:password, got '" + trimmed + "'");
            }
            String user = trimmed.substring(0, colon);
            String userDomain = domain;
            int at = user.indexOf('@');
            if (at > 0) {
                userDomain = user.substring(at + 1);
                user = user.substring(0, at);
            }
            parsed.add(new Credentials(user, trimmed.substring(colon + 1), userDomain));
        }
        return parsed;
    }

    private Credentials registerFresh(String name) {
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

    /** Ends every connection made through this object; the next test starts again at the first existing account. */
    public void disconnectAll() {
        synchronized (this) {
            nextExisting = 0;
        }
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
