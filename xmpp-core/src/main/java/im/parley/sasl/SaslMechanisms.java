package im.parley.sasl;

import im.parley.storage.CredentialStore;
import im.parley.storage.ScramHash;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SASL mechanisms of this server, and which of them a connection is offered (RFC 6120 §6.4.1), strongest
 * first: the -PLUS variants when the connection has channel binding, then plain SCRAM, then PLAIN only under TLS.
 * Thread-safe; one instance per server.
 */
public final class SaslMechanisms {
    // Strongest hash first; a client picks the first it supports from our order or its own.
    private static final List<ScramHash> SCRAM_PREFERENCE = List.of(ScramHash.SHA_512, ScramHash.SHA_256, ScramHash.SHA_1);

    private final Map<String, SaslMechanism> byName = new LinkedHashMap<>();

    /**
     * @param credentials    where SCRAM credentials live
     * @param serverSecret   at least 16 random bytes, stable across restarts: decoy salts for unknown accounts are
     *                       derived from it, and must not change between attempts
     * @param decoyIterations iteration count shown for unknown accounts; use the configured
     *                       {@code auth.scram-iterations} so they look like real ones
     */
    public SaslMechanisms(CredentialStore credentials, byte[] serverSecret, int decoyIterations) {
        this(credentials, serverSecret, decoyIterations, NonceSource.secureRandom(new SecureRandom()));
    }

    public SaslMechanisms(CredentialStore credentials, byte[] serverSecret, int decoyIterations, NonceSource nonces) {
        CredentialLookup lookup = new CredentialLookup(credentials, new DecoyCredentials(serverSecret, decoyIterations));
        for (boolean plus : new boolean[] {true, false}) {
            for (ScramHash hash : SCRAM_PREFERENCE) {
                add(new ScramMechanism(hash, plus, lookup, nonces));
            }
        }
        add(new PlainMechanism(lookup));
    }

    private void add(SaslMechanism mechanism) {
        byName.put(mechanism.name(), mechanism);
    }

    /** Names to offer on a connection, in preference order. */
    public List<String> offered(boolean secured, ChannelBinding channelBinding) {
        List<String> names = new ArrayList<>();
        if (!channelBinding.types().isEmpty()) {
            SCRAM_PREFERENCE.forEach(hash -> names.add(ScramMechanism.name(hash, true)));
        }
        SCRAM_PREFERENCE.forEach(hash -> names.add(ScramMechanism.name(hash, false)));
        if (secured) {
            names.add(PlainMechanism.NAME); // RFC 6120 §13.8.3: PLAIN only when TLS protects the password
        }
        return List.copyOf(names);
    }

    /**
     * The mechanism of that name, if we implement it. The session must still check that it was offered on this
     * connection (otherwise answer {@link SaslFailure#INVALID_MECHANISM}, RFC 6120 §6.5.5).
     */
    public Optional<SaslMechanism> create(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Starts the exchange for a mechanism the client chose, or fails with invalid-mechanism if it was not offered. */
    public Optional<SaslExchange> start(String name, SaslContext context) {
        if (!offered(context.secured(), context.channelBinding()).contains(name)) {
            return Optional.empty();
        }
        return create(name).map(mechanism -> mechanism.start(context));
    }
}
