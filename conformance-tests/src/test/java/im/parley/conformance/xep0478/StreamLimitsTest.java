package im.parley.conformance.xep0478;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

@ParleyServer
class StreamLimitsTest {
    private static final Pattern LIMITS = Pattern.compile(
            "<limits xmlns=['\"]urn:xmpp:stream-limits:0['\"]>(.*?)</limits>", Pattern.DOTALL);

    private final Target target;
    private final Accounts accounts;

    StreamLimitsTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0478", section = "3", quote = "The responding entity advertises its limits in the "
            + "<stream:features/> element that it sends at the start of the stream.")
    void featuresAfterTlsTellTheStanzaLimitAndTheIdleTimeout_xep0478_3() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            client.startTls();
            String features = client.openStream();

            String limits = limits(features);
            assertThat(number(limits, "max-bytes")).isEqualTo(target.limits().maxStanzaBytes());
            assertThat(number(limits, "idle-seconds")).isEqualTo(target.limits().idleTimeout().toSeconds());
        }
    }

    @Test
    @Spec(document = "XEP-0478", section = "3", quote = "Contains an integer representing the maximum size of any "
            + "first-level stream elements (including stanzas), in bytes the announcing entity is willing to accept")
    void aStanzaOfTheAdvertisedSizeIsAccepted_xep0478_3() {
        Credentials alice = accounts.registered("alice");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            String features = client.authenticate(alice);
            int maxBytes = number(limits(features), "max-bytes");
            String jid = client.bind(Optional.of("limits"));

            // When the client sends a message of exactly the advertised size (to itself, so nothing else gets it)
            String head = "<message type='headline' to='" + jid + "'><body>";
            String tail = "</body></message>";
            int bodyBytes = maxBytes - head.getBytes(StandardCharsets.UTF_8).length - tail.length();
            client.sendQuietly("a message of " + maxBytes + " bytes",
                    (head + "x".repeat(bodyBytes) + tail).getBytes(StandardCharsets.UTF_8));

            // Then the stream goes on: the server answers a ping sent after it
            assertThat(client.pingServer("after-largest")).contains("result");
        }
    }

    private String limits(String features) {
        Matcher limits = LIMITS.matcher(features);
        Assumptions.assumeTrue(limits.find(), "the server advertises no stream limits (XEP-0478 is optional)");
        return limits.group(1);
    }

    private static int number(String limits, String name) {
        Matcher value = Pattern.compile("<" + name + ">(\\d+)</" + name + ">").matcher(limits);
        assertThat(value.find()).as("<%s/> in %s", name, limits).isTrue();
        return Integer.parseInt(value.group(1));
    }
}
