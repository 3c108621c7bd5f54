package im.parley.ext.register;

import im.parley.module.ModuleRegistrar;
import im.parley.module.StreamFeature.NegotiationState;
import im.parley.module.XmppModule;
import im.parley.storage.CredentialStore;
import im.parley.storage.ScramCredential;
import im.parley.storage.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * XEP-0077 for the server's own accounts. {@code passwordHasher} turns a password into the SCRAM credentials to
 * store (the wiring passes {@code ScramCredentials.derive}); it may throw {@link IllegalArgumentException} for a
 * password it cannot prepare (SASLprep, RFC 4013), which becomes {@code not-acceptable}.
 */
public final class RegisterModule implements XmppModule {
    public static final String ID = "register";
    public static final String NAMESPACE = "jabber:iq:register";
    public static final String FEATURE_NAMESPACE = "http://jabber.org/features/iq-register";

    private final UserStore users;
    private final CredentialStore credentials;
    private final Function<String, List<ScramCredential>> passwordHasher;
    private final RegisterConfig config;
    private final RegistrationThrottle throttle;

    public RegisterModule(UserStore users, CredentialStore credentials,
                          Function<String, List<ScramCredential>> passwordHasher, RegisterConfig config, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.config = Objects.requireNonNull(config, "config");
        this.throttle = new RegistrationThrottle(config.maxPerWindow(), config.window(), clock);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        // XEP-0077 §10: also tells logged-in clients that password change and removal work in-band.
        registrar.discoFeature(NAMESPACE);
        registrar.streamFeature(this::advertise);
        registrar.preAuthIq(NAMESPACE, new RegistrationIqHandler(users, passwordHasher, config, throttle));
        registrar.iq(NAMESPACE, new AccountIqHandler(users, credentials, passwordHasher, registrar.services()));
    }

    private Optional<Element> advertise(NegotiationState state) {
        // XEP-0077 §8 offers the feature before authentication; §11: never over an unsecured stream.
        if (!config.enabled() || !state.secured() || state.authenticated()) {
            return Optional.empty();
        }
        return Optional.of(DocumentHelper.createElement(QName.get("register", FEATURE_NAMESPACE)));
    }
}
