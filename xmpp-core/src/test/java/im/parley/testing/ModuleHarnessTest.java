package im.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.module.ModuleRegistrar;
import im.parley.module.StanzaErrorException;
import im.parley.module.XmppModule;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

class ModuleHarnessTest {
    /** A module answering one namespace, remembering the IQ it saw. */
    private record EchoModule(String id, String namespace, AtomicReference<IQ> seen) implements XmppModule {
        EchoModule(String id, String namespace) {
            this(id, namespace, new AtomicReference<>());
        }

        @Override
        public void register(ModuleRegistrar registrar) {
            registrar.iq(namespace, (request, requester) -> {
                seen.set(request);
                if (request.getType() == IQ.Type.set) {
                    throw new StanzaErrorException(PacketError.Condition.not_allowed, "read-only");
                }
                return IQ.createResultIQ(request);
            });
        }
    }

    @Test
    void answersServiceUnavailableForANamespaceNobodyHandles_rfc6120_8_4() {
        // Given
        ModuleHarness harness = ModuleHarness.of(new EchoModule("echo", "urn:example:echo"));

        // When
        IQ reply = harness.handle(harness.iq(
                "<iq type='get' id='q1' from='juliet@capulet.lit/balcony'><query xmlns='urn:example:other'/></iq>"));

        // Then
        assertThat(reply.getType()).isEqualTo(IQ.Type.error);
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.service_unavailable);
    }

    @Test
    void stampsTheRequestersJidAndTurnsExceptionsIntoErrorReplies_rfc6120_8_1_2_1() {
        // Given: a client that tries to spoof its 'from'
        EchoModule module = new EchoModule("echo", "urn:example:echo");
        ModuleHarness harness = ModuleHarness.of(module);

        // When
        IQ reply = harness.handle(harness.iq(
                "<iq type='set' id='q2' from='romeo@montague.lit/x'><query xmlns='urn:example:echo'/></iq>"),
                Requesters.user("juliet@capulet.lit/balcony"));

        // Then: the handler saw the session's JID, and its exception became the error reply
        assertThat(module.seen().get().getFrom()).isEqualTo(new JID("juliet@capulet.lit/balcony"));
        assertThat(reply.getError().getCondition()).isEqualTo(PacketError.Condition.not_allowed);
        assertThat(reply.getError().getText()).isEqualTo("read-only");
        assertThat(reply.getTo()).isEqualTo(new JID("juliet@capulet.lit/balcony"));
    }

    @Test
    void failsLikeStartUpWhenTwoModulesClaimOneNamespace() {
        assertThatThrownBy(() -> ModuleHarness.of(
                new EchoModule("a", "urn:example:echo"), new EchoModule("b", "urn:example:echo")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("urn:example:echo");
    }
}
