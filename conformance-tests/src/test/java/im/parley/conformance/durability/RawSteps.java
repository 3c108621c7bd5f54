package im.parley.conformance.durability;

import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Target;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few protocol steps the durability tests take by hand over {@link RawXmppClient}. Patterns that return "all the
 * text up to X" are anchored with {@code \A}: unanchored, a lazy prefix is retried from every offset, which is
 * quadratic over the hundreds of kilobytes an offline drain delivers.
 */
final class RawSteps {
    static final String SM_NS = "urn:xmpp:sm:3";
    private static final Pattern ACK = Pattern.compile("<a\\b[^>]*\\bh=['\"](\\d+)['\"][^>]*/>");
    private static final Pattern BODY = Pattern.compile("<body>(m-\\d+)</body>");
    private static final SecureRandom random = new SecureRandom();

    private RawSteps() {
    }

    /** XEP-0077 §3.1: registers a fresh, uniquely named account in-band (after STARTTLS). */
    static Credentials register(Target target, String name) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        Credentials credentials = new Credentials(name + "-" + HexFormat.of().formatHex(suffix),
                "pw-" + HexFormat.of().formatHex(suffix), target.domain());
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            client.startTls();
            client.openStream();
            client.send("<iq type='set' id='reg-1'><query xmlns='jabber:iq:register'><username>"
                    + credentials.username() + "</username><password>" + credentials.password()
                    + "</password></query></iq>");
            if (!iq(client, "reg-1").isResult()) {
                throw new AssertionError("registration of " + credentials.bareJid() + " failed\n" + client.transcript());
            }
        }
        return credentials;
    }

    /** Logs in (STARTTLS, PLAIN, bind) with {@code resource}; returns the client. */
    static RawXmppClient loggedIn(Target target, Credentials credentials, String resource) {
        RawXmppClient client = RawXmppClient.connect(target);
        client.login(credentials, Optional.of(resource));
        return client;
    }

    /** XEP-0198 §3: enables stream management (without resumption) and waits for {@code <enabled/>}. */
    static void enableStreamManagement(RawXmppClient client) {
        client.send("<enable xmlns='" + SM_NS + "'/>");
        client.awaitMatch(Pattern.compile("<enabled\\b[^>]*/?>"));
    }

    /** The 'h' of the next {@code <a/>} the server sends (XEP-0198 §4). */
    static long awaitAck(RawXmppClient client) {
        return Long.parseLong(client.awaitMatch(ACK).group(1));
    }

    /** A chat message whose body is {@code m-<index>}, with the index as its id too. */
    static String message(String to, int index) {
        return "<message to='" + to + "' type='chat' id='m-" + index + "'><body>m-" + index + "</body></message>";
    }

    /**
     * What the server sent up to and including a stanza answering {@code id}: all of it ({@code text}) and the
     * answering stanza's opening tag ({@code tag}), whose 'type' tells result from error.
     */
    record Reply(String text, String tag) {
        boolean isResult() {
            return tag.matches("(?s).*\\btype=['\"]result['\"].*");
        }

        boolean isError() {
            return tag.matches("(?s).*\\btype=['\"]error['\"].*");
        }
    }

    /** Everything the server sends up to and including the IQ with {@code id} (any attribute order). */
    static Reply iq(RawXmppClient client, String id) {
        return reply(client, "iq", id);
    }

    /** Everything up to and including the end of the first {@code element} carrying {@code id}. */
    static Reply reply(RawXmppClient client, String element, String id) {
        Matcher m = client.awaitMatch(Pattern.compile("\\A([\\s\\S]*?)(<" + element + "\\b[^>]*\\bid=['\"]"
                + Pattern.quote(id) + "['\"][^>]*?(?:/>|>))"));
        String tag = m.group(2);
        String text = m.group();
        if (!tag.endsWith("/>")) {
            text += through(client, "</" + element + ">");
        }
        return new Reply(text, tag);
    }

    /** Text up to and including {@code marker}. */
    static String through(RawXmppClient client, String marker) {
        return client.awaitMatch(Pattern.compile("\\A[\\s\\S]*?" + Pattern.quote(marker))).group();
    }

    /** XEP-0199 to the server: a sync point, answered after everything queued before it on the user's executor. */
    static Reply ping(RawXmppClient client, String id) {
        client.send(RawXmppClient.pingRequest(id, ChildParley.DOMAIN));
        return iq(client, id);
    }

    /** The bodies {@code m-<i>} in {@code xml}, in document order. */
    static List<String> bodies(String xml) {
        List<String> found = new ArrayList<>();
        Matcher m = BODY.matcher(xml);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static List<String> expectedBodies(int count) {
        List<String> expected = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            expected.add("m-" + i);
        }
        return expected;
    }
}
