package im.parley.conformance.rfc6121;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bytestreams.ibb.InBandBytestreamManager;
import org.jivesoftware.smackx.bytestreams.ibb.InBandBytestreamRequest;
import org.jivesoftware.smackx.bytestreams.ibb.InBandBytestreamSession;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jxmpp.jid.Jid;
import org.junit.jupiter.api.Test;

/**
 * RFC 6121 §8.5.3.1 for IQs between two users' full JIDs: the server delivers them to the resource, which answers,
 * and routes the answer back. This is all a server does in a peer-to-peer file transfer (XEP-0096 offer, XEP-0047
 * or XEP-0065 bytestream), so SINT's FileTransferIntegrationTest failures are not here (see SintExplanations).
 */
@ParleyServer
class IqRoutingTest {
    private static final String QUOTE = "For an IQ stanza, the server MUST deliver the stanza to the resource.";

    private final Accounts accounts;

    IqRoutingTest(Accounts accounts) {
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "RFC 6121", section = "8.5.3.1", quote = QUOTE)
    void iqsToAFullJidReachThatResourceAndItsResultsComeBack_rfc6121_8_5_3_1() throws Exception {
        // Given juliet accepting in-band bytestreams (XEP-0047), as the receiver of a file does
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        CompletableFuture<Jid> opener = new CompletableFuture<>();
        CompletableFuture<InBandBytestreamSession> accepted = new CompletableFuture<>();
        InBandBytestreamManager.getByteStreamManager(juliet).addIncomingBytestreamListener(request -> {
            opener.complete(request.getFrom());
            try {
                accepted.complete(((InBandBytestreamRequest) request).accept());
            } catch (Exception e) {
                accepted.completeExceptionally(e);
            }
        });

        // When romeo opens a bytestream to her full JID and sends more than one block through it: each <open/>,
        // <data/> and <close/> is an IQ-set to juliet's resource, each answered by an IQ-result without a child
        byte[] sent = ("file " + UUID.randomUUID() + " ").repeat(300).getBytes(StandardCharsets.UTF_8);
        InBandBytestreamSession out = InBandBytestreamManager.getByteStreamManager(romeo)
                .establishSession(juliet.getUser());
        out.getOutputStream().write(sent);
        out.getOutputStream().flush();

        // Then juliet got the request from romeo's full JID (RFC 6120 §8.1.2.1) and every byte of it
        assertThat(opener.get(Accounts.REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).toString())
                .isEqualTo(romeo.getUser().toString());
        InBandBytestreamSession in = accepted.get(Accounts.REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        in.setReadTimeout((int) Accounts.REPLY_TIMEOUT.toMillis());
        assertThat(in.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
        // ...and romeo's <close/> is answered too (close() throws if its result does not come back)
        out.close();
    }

    @Test
    @Spec(document = "RFC 6121", section = "8.5.3.1", quote = QUOTE)
    void anErrorFromTheResourceReachesTheRequester_rfc6121_8_5_3_1() {
        // Given juliet's client, which refuses in-band bytestreams nobody listens for (XEP-0047 §2.1: not-acceptable)
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        InBandBytestreamManager.getByteStreamManager(juliet);

        // When romeo asks her full JID for one
        XMPPErrorException refused = catchThrowableOfType(
                () -> InBandBytestreamManager.getByteStreamManager(romeo).establishSession(juliet.getUser()),
                XMPPErrorException.class);

        // Then he gets her client's refusal from her full JID, not an error made up by the server
        assertThat(refused).as("an IQ error for the open request").isNotNull();
        assertThat(refused.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(refused.getStanza().getFrom().toString()).isEqualTo(juliet.getUser().toString());
    }

    @Test
    @Spec(document = "RFC 6121", section = "8.5.3.1", quote = QUOTE)
    void discoInfoToAFullJidIsAnsweredByThatResource_rfc6121_8_5_3_1() throws Exception {
        // Given juliet's client advertising a feature only it knows of (as a file receiver advertises XEP-0096)
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        String feature = "urn:example:parley-conformance:" + UUID.randomUUID();
        ServiceDiscoveryManager.getInstanceFor(juliet).addFeature(feature);

        // When romeo asks her full JID what it supports (XEP-0030 §3.1; a query, not Smack's caps cache)
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(romeo).discoverInfo(juliet.getUser(), null);

        // Then her client answered, not the server on her account's behalf
        assertThat(info.getFrom().toString()).isEqualTo(juliet.getUser().toString());
        assertThat(info.containsFeature(feature)).as("features of %s", juliet.getUser()).isTrue();
        assertThat(info.hasIdentity("client", "pc")).isTrue();
    }
}
