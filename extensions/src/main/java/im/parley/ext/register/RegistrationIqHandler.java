package im.parley.ext.register;

import im.parley.module.IqHandler;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import im.parley.storage.ScramCredential;
import im.parley.storage.UserStore;
import java.util.List;
import java.util.function.Function;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/** XEP-0077 §3.1 before authentication: tells which fields to send (get) and creates the account (set). */
final class RegistrationIqHandler implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationIqHandler.class);
    static final String INSTRUCTIONS = "Choose a username and password for use with this server.";

    private final UserStore users;
    private final Function<String, List<ScramCredential>> passwordHasher;
    private final RegisterConfig config;
    private final RegistrationThrottle throttle;

    RegistrationIqHandler(UserStore users, Function<String, List<ScramCredential>> passwordHasher,
                          RegisterConfig config, RegistrationThrottle throttle) {
        this.users = users;
        this.passwordHasher = passwordHasher;
        this.config = config;
        this.throttle = throttle;
    }

    @Override
    public IQ handle(IQ request, Requester requester) {
        if (!config.enabled()) {
            // XEP-0077 §3.1: a host that does not support in-band registration MUST return service-unavailable.
            throw new StanzaErrorException(PacketError.Condition.service_unavailable);
        }
        if (!requester.secured()) {
            // XEP-0077 §11: registration SHOULD NOT be used unless the channel has been secured.
            throw new StanzaErrorException(PacketError.Condition.not_authorized, "in-band registration needs TLS");
        }
        return request.getType() == IQ.Type.get ? fields(request) : create(request, requester);
    }

    /** XEP-0077 §3.1, Example 2 (without e-mail: Parley asks only what it keeps). */
    private static IQ fields(IQ request) {
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", RegisterModule.NAMESPACE);
        query.addElement("instructions").setText(INSTRUCTIONS);
        query.addElement("username");
        query.addElement("password");
        return result;
    }

    private IQ create(IQ request, Requester requester) {
        RegisterQuery query = RegisterQuery.of(request.getChildElement());
        if (query.remove()) {
            // XEP-0077 §3.2: an IM server cannot tell whose registration an unauthenticated stream would cancel.
            throw new StanzaErrorException(PacketError.Condition.unexpected_request, "log in to remove an account");
        }
        // XEP-0077 §3.1: missing information, an empty <password/> included, MUST get not-acceptable.
        String username = query.username().orElseThrow(() -> notAcceptable("a username is required"));
        String password = query.password().orElseThrow(() -> notAcceptable("a password is required"));
        String localpart = AccountFields.localpart(username)
                .orElseThrow(() -> notAcceptable("the username is not a valid JID localpart (RFC 7622 §3.3)"));
        if (AccountFields.tooLong(password)) {
            throw notAcceptable("the password is longer than " + AccountFields.MAX_BYTES + " bytes");
        }
        // Checked before the store and the key derivation, so probing usernames and burning CPU both count.
        if (config.throttle() && !throttle.tryAcquire(requester.remoteAddress())) {
            LOG.info("registration refused for stream {} from {}: more than {} attempts in {}",
                    requester.streamId(), requester.remoteAddress(), config.maxPerWindow(), config.window());
            // XEP-0077 §3.1.1: a server MAY answer not-acceptable to too many registrations.
            throw new StanzaErrorException(PacketError.Condition.not_acceptable, PacketError.Type.wait,
                    "too many registrations from your address, try again later");
        }
        if (users.exists(localpart) || !users.create(localpart, credentials(password))) {
            // XEP-0077 §3.1, Example 6.
            throw new StanzaErrorException(PacketError.Condition.conflict, "the username is taken");
        }
        LOG.info("registered account {} in-band from {}", localpart, requester.remoteAddress());
        return IQ.createResultIQ(request);
    }

    private List<ScramCredential> credentials(String password) {
        try {
            return passwordHasher.apply(password);
        } catch (IllegalArgumentException unpreparable) {
            throw notAcceptable("the password contains characters SASLprep prohibits (RFC 4013)");
        }
    }

    private static StanzaErrorException notAcceptable(String text) {
        return new StanzaErrorException(PacketError.Condition.not_acceptable, text);
    }
}
