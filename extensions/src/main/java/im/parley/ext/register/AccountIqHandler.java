package im.parley.ext.register;

import im.parley.module.IqHandler;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.StanzaErrorException;
import im.parley.storage.CredentialStore;
import im.parley.storage.ScramCredential;
import im.parley.storage.UserStore;
import java.util.List;
import java.util.function.Function;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.StreamError;

/**
 * XEP-0077 for a logged-in user: the registration on file (get, §3.1), password change (§3.3) and account removal
 * (§3.2). The account is always the requester's own, taken from the session, never from the stanza.
 */
final class AccountIqHandler implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AccountIqHandler.class);

    private final UserStore users;
    private final CredentialStore credentials;
    private final Function<String, List<ScramCredential>> passwordHasher;
    private final ServerServices services;

    AccountIqHandler(UserStore users, CredentialStore credentials,
                     Function<String, List<ScramCredential>> passwordHasher, ServerServices services) {
        this.users = users;
        this.credentials = credentials;
        this.passwordHasher = passwordHasher;
        this.services = services;
    }

    @Override
    public IQ handle(IQ request, Requester requester) {
        String username = requester.fullJid().getNode();
        if (request.getType() == IQ.Type.get) {
            return registration(request, username);
        }
        RegisterQuery query = RegisterQuery.of(request.getChildElement());
        return query.remove() ? remove(request, query, username) : changePassword(request, query, requester, username);
    }

    /** XEP-0077 §3.1: an entity already registered MUST get an empty {@code <registered/>} (Example 3). */
    private static IQ registration(IQ request, String username) {
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", RegisterModule.NAMESPACE);
        query.addElement("instructions").setText("You are registered. Send a new password to change it.");
        query.addElement("registered");
        query.addElement("username").setText(username);
        return result;
    }

    /** XEP-0077 §3.2, Examples 11-12 and the unregister error table. */
    private IQ remove(IQ request, RegisterQuery query, String username) {
        if (query.childCount() != 1) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "<remove/> must be the only child");
        }
        if (!users.delete(username)) {
            throw new StanzaErrorException(PacketError.Condition.registration_required);
        }
        LOG.info("removed account {} in-band", username);
        // XEP-0077 §3.2: the server SHOULD then send a <not-authorized/> stream error and end every session of
        // the account. The core writes this reply first, then closes them.
        services.closeSessions(username, StreamError.Condition.not_authorized);
        return IQ.createResultIQ(request);
    }

    /** XEP-0077 §3.3, Examples 18-19 and the password change error table. */
    private IQ changePassword(IQ request, RegisterQuery query, Requester requester, String username) {
        if (!requester.secured()) {
            throw new StanzaErrorException(PacketError.Condition.not_authorized, "change passwords over TLS only");
        }
        String requested = query.username()
                .orElseThrow(() -> new StanzaErrorException(PacketError.Condition.bad_request, "a username is required"));
        if (!AccountFields.localpart(requested).map(username::equals).orElse(false)) {
            throw new StanzaErrorException(PacketError.Condition.not_allowed, "only your own password can be changed");
        }
        // XEP-0077 §3.3: an empty password MUST NOT replace the existing one.
        String password = query.password()
                .orElseThrow(() -> new StanzaErrorException(PacketError.Condition.bad_request, "a password is required"));
        if (AccountFields.tooLong(password)) {
            throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                    "the password is longer than " + AccountFields.MAX_BYTES + " bytes");
        }
        if (!credentials.replace(username, credentials(password))) {
            throw new StanzaErrorException(PacketError.Condition.registration_required);
        }
        LOG.info("changed password of account {} in-band", username);
        return IQ.createResultIQ(request);
    }

    private List<ScramCredential> credentials(String password) {
        try {
            return passwordHasher.apply(password);
        } catch (IllegalArgumentException unpreparable) {
            throw new StanzaErrorException(PacketError.Condition.not_acceptable,
                    "the password contains characters SASLprep prohibits (RFC 4013)");
        }
    }
}
