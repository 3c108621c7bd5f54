package im.parley.conformance.sint;

import java.util.Map;
import java.util.Optional;

/**
 * SINT failures that are not Parley bugs: the test assumes something the specifications leave to the server, or fails
 * by a fault of SINT's own. Keyed by the start of SINT's test name ({@code Class.method}); each explanation says what
 * the RFC or XEP leaves open, or what SINT does wrong.
 * Every other failure fails the build and is a bug to fix in Parley.
 */
final class SintExplanations {
    private final Map<String, String> byTestPrefix;

    SintExplanations(Map<String, String> byTestPrefix) {
        this.byTestPrefix = Map.copyOf(byTestPrefix);
    }

    /** The explanations that hold for Parley (and, being about open choices, for any server). */
    static SintExplanations standard() {
        String pep = "SINT 4.5.0-beta5 publishes to PEP (XEP-0163) without first checking that the account advertises the pubsub/pep identity; PEP is optional for a server (XEP-0163 §1, and only an Advanced Server requirement of XEP-0479), and a server without it rightly answers service-unavailable (RFC 6120 §8.3.3.19)";
        // An open Parley bug may be quarantined here only with an explanation starting "OPEN PARLEY BUG", reported as
        // such in the conformance report and in docs/conformance.md, to be fixed, not forgotten. None is open now.
        return new SintExplanations(Map.of(
                "MoodIntegrationTest.", pep,
                "UserTuneIntegrationTest.", pep,
                "GeolocationIntegrationTest.", pep,
                // Both seen in SINT's stanza log: every IQ between the two full JIDs is routed and answered
                // (rfc6121.IqRoutingTest); over a non-loopback address both tests pass against Parley.
                "FileTransferIntegrationTest.fileTransferTest", "SINT 4.5.0-beta5's SOCKS5 transfer needs a "
                        + "streamhost: Smack offers itself as one (XEP-0065 §5, direct connection) only at the local "
                        + "address of its XMPP connection and never at a loopback address, so over the suite's "
                        + "loopback connection it needs a proxy from the server's disco#items (XEP-0065 §4: the "
                        + "Requester 'might need to find a proxy'). A bytestreams proxy is optional for a server (not "
                        + "in XEP-0479) and Parley has none, so the sender gives up with 'no SOCKS5 proxies available' "
                        + "before sending any bytestreams IQ and the receiver times out (ejabberd without "
                        + "mod_proxy65 fails the same way)",
                "FileTransferIntegrationTest.ibbFileTransferTest", "SINT 4.5.0-beta5 removes its "
                        + "FileTransferListener only after a successful transfer, so the one left by a failed "
                        + "fileTransferTest also answers this test's XEP-0096 offer: one listener receives the whole "
                        + "XEP-0047 stream, the other accepts the same offer a second time and waits for a second "
                        + "<open/> (XEP-0047 §2.1) that never comes, the sender having opened its session once and "
                        + "the first listener having taken it; run on its own, it passes",
                // Flaky; each proven from the server's stanza log or by replaying the order (docs/conformance.md).
                "SoftwareInfoIntegrationTest.", "SINT 4.5.0-beta5 races with its own subscription set-up, two ways: "
                        + "(1) when EntityCapsTest runs just before it, its tearDown cancels the subscriptions "
                        + "(<presence type='unsubscribed'/> both ways) without waiting for the roster pushes, so this "
                        + "class's setUp still finds 'both' in Smack's cached roster and sends no new request; once "
                        + "the cancellations are processed, conOne's caps update goes to subscribers only (RFC 6121 "
                        + "§4.4.2), not to conTwo, which times out; (2) setUp returns on <presence type='subscribed'/>, "
                        + "but the contact's current presence that RFC 6121 §3.1.5 has the server send right after it "
                        + "can reach conTwo after the test's presence listener is registered: the test takes that old "
                        + "presence (old XEP-0115 ver, no XEP-0232 form) for the announcement and asserts before "
                        + "conOne has even sent the new one",
                "RosterIntegrationTest.testPresenceApprovalStampedAndDelivered", "SINT 4.5.0-beta5 leaves conTwo in "
                        + "Smack's default reject_all roster mode after testPresenceDeliveredToRecipient, which returns "
                        + "as soon as conOne's request arrives; Smack's asynchronous refusal (<presence "
                        + "type='unsubscribed'/>) can reach the server after this test has removed the roster items "
                        + "and sent a new request, and then cancels that new request (RFC 6121 §3.2, Appendix A.2.4), so "
                        + "conTwo's approval finds no pending request and is kept as a pre-approval (§3.4), not "
                        + "delivered; conOne times out waiting for 'subscribed'",
                "RosterIntegrationTest.testPresenceDeliveredToRecipient", "SINT 4.5.0-beta5's set-up removes the "
                        + "roster items left by the previous test; when conOne's item had a pending or granted "
                        + "subscription, RFC 6121 §2.5.3 has the server send <presence type='unsubscribe'/> to the "
                        + "contact, and that cancellation can reach conTwo after the test has registered its listener, "
                        + "which takes the first presence from conOne for the new request ('expected: <subscribe> but "
                        + "was: <unsubscribe>')",
                "LowLevelRosterIntegrationTest.testPresenceEventListenersOffline", "Smack 4.5.0-beta5 answers the "
                        + "server's last roster push (RFC 6121 §2.1.6) while the test disconnects conTwo; the IQ result "
                        + "lands in the writer queue of the closed connection (its ArrayBlockingQueueWithShutdown.put "
                        + "checks for shutdown only when full), and when the test's finally block reconnects the same "
                        + "connection object, Smack writes it as the first bytes of the new TCP connection, before any "
                        + "stream header or STARTTLS. RFC 6120 §4.8.1 requires closing a stream whose root is not the "
                        + "stream header (SHOULD be invalid-namespace, §4.9.3.10), which Parley does "
                        + "(rfc6120.StreamHeaderTest)"));
    }

    Optional<String> explain(String test) {
        return byTestPrefix.entrySet().stream().filter(e -> test.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst();
    }
}
