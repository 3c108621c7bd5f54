package im.parley.session;

import im.parley.sasl.ChannelBinding;
import im.parley.sasl.SaslChannelBindingFeature;
import im.parley.sasl.SaslContext;
import im.parley.sasl.SaslExchange;
import im.parley.sasl.SaslFailure;
import im.parley.sasl.SaslStep;
import im.parley.sasl.SaslText;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SASL part of one stream (RFC 6120 §6.4): which mechanisms to offer, the exchange in progress, throttling of
 * failures and the retry limit. Mechanism steps may block on storage, so they run on the connection's ordered
 * executor; their outcome comes back on the event loop.
 */
final class SaslNegotiation {
    static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-sasl";
    /** RFC 6120 §6.4.5: allow a reasonable number of retries (at least 2, at most 5). */
    private static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(SaslNegotiation.class);

    /** What to send back, and whether the stream is now authenticated or should give up. */
    record Outcome(List<Element> replies, Optional<String> authenticated, boolean giveUp) {}

    private final SessionContext context;
    private final Supplier<InetSocketAddress> remote;
    private SaslExchange exchange;
    private int failures;
    /** See {@link SaslExchange#channelBindingTypeUnsupported()}. */
    private boolean clientLacksOurBindingTypes;

    SaslNegotiation(SessionContext context, Supplier<InetSocketAddress> remote) {
        this.context = context;
        this.remote = remote;
    }

    Element mechanismsElement(boolean secured, ChannelBinding channelBinding) {
        Element mechanisms = DocumentHelper.createElement(QName.get("mechanisms", NAMESPACE));
        for (String name : context.sasl().offered(secured, channelBinding)) {
            mechanisms.addElement(QName.get("mechanism", NAMESPACE)).setText(name);
        }
        return mechanisms;
    }

    /** XEP-0440: the channel-binding types this connection supports. */
    Optional<Element> channelBindingElement(ChannelBinding channelBinding) {
        return SaslChannelBindingFeature.element(channelBinding);
    }

    /** Handles {@code <auth/>}, {@code <response/>} or {@code <abort/>}; calls {@code done} on the event loop. */
    void receive(Element element, boolean secured, ChannelBinding channelBinding, Executor executor, EventLoop loop,
                 Consumer<Outcome> done) {
        switch (element.getName()) {
            case "auth" -> auth(element, secured, channelBinding, executor, loop, done);
            case "response" -> {
                if (exchange == null) {
                    done.accept(fail(SaslFailure.MALFORMED_REQUEST, "no authentication in progress"));
                } else {
                    step(element.getText(), executor, loop, done);
                }
            }
            case "abort" -> {
                exchange = null;
                done.accept(new Outcome(List.of(failure(SaslFailure.ABORTED.toXmpp(), null)), Optional.empty(), false));
            }
            default -> done.accept(fail(SaslFailure.MALFORMED_REQUEST, "unexpected <" + element.getName() + "/>"));
        }
    }

    private void auth(Element auth, boolean secured, ChannelBinding channelBinding, Executor executor, EventLoop loop,
                      Consumer<Outcome> done) {
        String mechanism = auth.attributeValue("mechanism", "");
        // RFC 5802 §6 rejects the 'y' flag when we offered -PLUS, to catch a stripped mechanism list. A client that
        // already tried -PLUS on this stream with a binding type we lack (e.g. tls-unique on TLS 1.3) saw the list
        // intact; refusing its 'y' would only push it to PLAIN. See docs/adr/003.
        boolean plusOffered = !channelBinding.types().isEmpty() && !clientLacksOurBindingTypes;
        Optional<SaslExchange> started = context.sasl().start(mechanism,
                new SaslContext(context.domain(), secured, channelBinding, plusOffered));
        if (started.isEmpty()) {
            // RFC 6120 §6.5.5: a mechanism we did not offer.
            done.accept(new Outcome(List.of(failure(SaslFailure.INVALID_MECHANISM.toXmpp(), null)), Optional.empty(), false));
            return;
        }
        exchange = started.get();
        step(auth.getText(), executor, loop, done);
    }

    private void step(String text, Executor executor, EventLoop loop, Consumer<Outcome> done) {
        Optional<byte[]> data = SaslText.decodeBase64(text);
        if (data.isEmpty()) {
            done.accept(fail(SaslFailure.INCORRECT_ENCODING, null)); // RFC 6120 §6.5.2
            return;
        }
        SaslExchange current = exchange;
        // Each step waits out the throttle of the address and, once the client named it, of the account: failures
        // elsewhere slow guessing down, and are forgotten after a window so nobody is locked out for good.
        Duration delay = context.throttle().delayBeforeAttempt(address(), current.username().orElse(""));
        Runnable evaluate = () -> executor.execute(() -> {
            SaslStep result;
            try {
                result = current.evaluate(data.get());
            } catch (RuntimeException e) {
                log.error("SASL step failed for {}", remote.get(), e);
                result = new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "");
            }
            SaslStep outcome = result;
            loop.execute(() -> done.accept(outcome(current, outcome)));
        });
        if (delay.isZero()) {
            evaluate.run();
        } else {
            loop.schedule(evaluate, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Outcome outcome(SaslExchange current, SaslStep step) {
        return switch (step) {
            case SaslStep.Challenge challenge -> new Outcome(
                    List.of(text("challenge", SaslText.encodeBase64(challenge.data()))), Optional.empty(), false);
            case SaslStep.Success success -> {
                exchange = null;
                context.throttle().succeeded(address(), success.username());
                byte[] extra = success.additionalData();
                Element reply = text("success", extra.length == 0 ? "" : SaslText.encodeBase64(extra));
                yield new Outcome(List.of(reply), Optional.of(success.username()), false);
            }
            case SaslStep.Failure failure -> {
                if (current.credentialsRejected()) {
                    context.throttle().failed(address(), current.username().orElse(""));
                }
                clientLacksOurBindingTypes |= current.channelBindingTypeUnsupported();
                yield fail(failure.condition(), failure.text());
            }
        };
    }

    private Outcome fail(SaslFailure condition, String text) {
        exchange = null;
        failures++;
        return new Outcome(List.of(failure(condition.toXmpp(), text)), Optional.empty(), failures >= MAX_ATTEMPTS);
    }

    static Element failure(String condition, String text) {
        Element failure = DocumentHelper.createElement(QName.get("failure", NAMESPACE));
        failure.addElement(QName.get(condition, NAMESPACE));
        if (text != null && !text.isEmpty()) {
            failure.addElement(QName.get("text", NAMESPACE)).setText(text);
        }
        return failure;
    }

    private static Element text(String name, String text) {
        Element element = DocumentHelper.createElement(QName.get(name, NAMESPACE));
        element.setText(text);
        return element;
    }

    private InetAddress address() {
        return remote.get().getAddress();
    }
}
