package im.parley.session;

import im.parley.binary.BinaryEncoding;
import im.parley.config.LimitsConfig;
import im.parley.iq.IqDispatcher;
import im.parley.module.SessionListener;
import im.parley.module.StanzaInterceptor;
import im.parley.module.StreamFeature;
import im.parley.routing.Router;
import im.parley.routing.UserExecutors;
import im.parley.routing.UserLocks;
import im.parley.sasl.AuthThrottle;
import im.parley.sasl.SaslMechanisms;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The server's collaborators every client session uses; one instance per server. */
public record SessionContext(
        String domain,
        LimitsConfig limits,
        boolean tlsRequired,
        TlsHandlers tls,
        SaslMechanisms sasl,
        AuthThrottle throttle,
        List<StreamFeature> streamFeatures,
        IqDispatcher preAuthIqs,
        List<StanzaInterceptor> inbound,
        List<StanzaInterceptor> outbound,
        List<SessionListener> listeners,
        Router router,
        SessionRegistry registry,
        ResumableSessions resumable,
        UserExecutors executors,
        UserLocks locks,
        Runnable beforeAcknowledging,
        Clock clock,
        Optional<BinaryEncoding> binary) {
}
