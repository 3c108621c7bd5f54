package im.parley.conformance.rfc6120;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** RFC 6120 §4.7: the response stream header, and the stream errors a bad initial header earns. */
@ParleyServer
class StreamHeaderTest {
    private static final Pattern HEADER = Pattern.compile("<(?:\\w+:)?stream\\b[^>]*>");

    private final Target target;

    StreamHeaderTest(Target target) {
        this.target = target;
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.7.3", quote = "The stream ID MUST be ... unique within the receiving "
            + "application ... and MUST be a fresh one for each stream")
    void responseHeaderCarriesFreshStreamId_rfc6120_4_7_3() {
        try (RawXmppClient first = RawXmppClient.connect(target); RawXmppClient second = RawXmppClient.connect(target)) {
            // Given two connections, and a stream restart after TLS on the first
            String id1 = attribute(header(first.openStream()), "id");
            String id2 = attribute(header(second.openStream()), "id");
            first.startTls();
            String id3 = attribute(header(first.openStream()), "id");

            // Then every stream has its own id
            assertThat(id1).isNotBlank();
            assertThat(id1).isNotEqualTo(id2).isNotEqualTo(id3);
            assertThat(id2).isNotEqualTo(id3);
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.7.1", quote = "the receiving entity MUST include the 'from' attribute "
            + "... set to ... the FQDN of the service")
    void responseHeaderIsFromTheDomainWithVersion_rfc6120_4_7_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When a client opens a stream to the domain
            String header = header(client.openStream());

            // Then the answer comes from that domain, speaks version 1.0 and the stream namespace
            assertThat(attribute(header, "from")).isEqualToIgnoringCase(target.domain());
            assertThat(attribute(header, "version")).isEqualTo("1.0");
            assertThat(header).contains(RawXmppClient.STREAMS_NS).contains("jabber:client");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.6", quote = "The value of the 'to' attribute provided in the initial "
            + "stream header does not correspond to an FQDN that is serviced by the receiving entity.")
    void unknownToGetsHostUnknown_rfc6120_4_9_3_6() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When a client opens a stream to a domain this server does not serve
            client.send(RawXmppClient.header("not-served.example"));

            // Then host-unknown, and the stream is closed
            assertThat(client.awaitStreamError()).isEqualTo("host-unknown");
            client.awaitClosedByServer();
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.10", quote = "the namespace name is something other than "
            + "\"http://etherx.jabber.org/streams\"")
    void wrongStreamNamespaceGetsInvalidNamespace_rfc6120_4_9_3_10() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When the stream element is in a namespace other than the streams namespace
            client.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                    + "xmlns:stream='http://example.com/not-streams' to='" + target.domain() + "' version='1.0'>");

            // Then invalid-namespace
            assertThat(client.awaitStreamError()).isEqualTo("invalid-namespace");
            client.awaitClosedByServer();
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.8.1", quote = "The root <stream/> element (\"stream header\") MUST be "
            + "qualified by the namespace 'http://etherx.jabber.org/streams' ... If this rule is violated, the entity "
            + "that receives the offending stream header MUST close the stream with a stream error, which SHOULD be "
            + "<invalid-namespace/>")
    void stanzaInPlaceOfTheStreamHeaderGetsInvalidNamespace_rfc6120_4_8_1() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When the first bytes on a new connection are a stanza, not a stream header (as SINT's reconnecting
            // Smack once sent: a stale roster-push result, see sint.SintExplanations)
            client.send("<iq to='someone@" + target.domain() + "' id='push-1' type='result'></iq>");

            // Then the stream is closed with invalid-namespace
            assertThat(client.awaitStreamError()).as(client.transcript()).isEqualTo("invalid-namespace");
            client.awaitClosedByServer();
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.9.3.10", quote = "the content namespace declared as the default namespace "
            + "is not supported (e.g., something other than \"jabber:client\" or \"jabber:server\")")
    void wrongContentNamespaceGetsInvalidNamespace_rfc6120_4_9_3_10() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // When the default (content) namespace is neither jabber:client nor jabber:server
            client.send("<?xml version='1.0'?><stream:stream xmlns='jabber:wrong' xmlns:stream='"
                    + RawXmppClient.STREAMS_NS + "' to='" + target.domain() + "' version='1.0'>");

            // Then invalid-namespace
            assertThat(client.awaitStreamError()).isEqualTo("invalid-namespace");
            client.awaitClosedByServer();
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "4.4", quote = "the entity that receives the closing tag MUST also close "
            + "the stream ... by sending a closing tag")
    void closingTagIsAnsweredWithClosingTag_rfc6120_4_4() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // Given an open stream
            client.openStream();

            // When the client closes its stream
            client.send("</stream:stream>");

            // Then the server closes its own, then the connection
            client.readUntil("</stream:stream>");
            client.awaitClosedByServer();
        }
    }

    static String header(String received) {
        Matcher m = HEADER.matcher(received);
        assertThat(m.find()).as("a stream header in %s", received).isTrue();
        return m.group();
    }

    static String attribute(String element, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=['\"]([^'\"]*)['\"]").matcher(element);
        assertThat(m.find()).as("attribute %s in %s", name, element).isTrue();
        return m.group(1);
    }
}
