package im.parley.ext;

import im.parley.config.ConfigException;
import im.parley.ext.blocking.BlockingModule;
import im.parley.ext.caps.CapsCache;
import im.parley.ext.caps.CapsModule;
import im.parley.ext.carbons.CarbonsModule;
import im.parley.ext.lastactivity.LastActivityModule;
import im.parley.ext.mam.MamModule;
import im.parley.ext.offline.OfflineModule;
import im.parley.ext.ping.PingModule;
import im.parley.ext.presence.PresenceModule;
import im.parley.ext.privatexml.PrivateXmlModule;
import im.parley.ext.register.RegisterModule;
import im.parley.ext.roster.RosterModule;
import im.parley.ext.roster.Rosters;
import im.parley.ext.vcard.VCardModule;
import im.parley.ext.version.VersionModule;
import im.parley.module.XmppModule;
import im.parley.storage.ScramCredential;
import im.parley.storage.Storage;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** THE registration point: every XEP Parley ships is switched on here, one line each. */
public final class StandardExtensions {
    private StandardExtensions() {}

    /**
     * The enabled modules, in registration order. {@code passwordHasher} turns a password into the SCRAM credentials
     * to store ({@code password -> ScramCredentials.derive(password, iterations, random)}); {@code version} is the
     * server's release.
     *
     * @throws ConfigException when {@code modules.disabled} names a module that does not exist
     */
    public static List<XmppModule> create(ModulesConfig config, Storage storage,
                                          Function<String, List<ScramCredential>> passwordHasher,
                                          Clock clock, String version) {
        Rosters rosters = new Rosters(storage.rosters(), config.roster()); // shared by roster and presence
        PresenceModule presence = new PresenceModule(rosters, storage.users(), config.presence());
        List<XmppModule> all = List.of(
                new PingModule(),                                                       // XEP-0199
                new VersionModule(version, config.version()),                           // XEP-0092
                new RegisterModule(storage.users(), storage.credentials(), passwordHasher,
                        config.register(), clock),                                      // XEP-0077
                new OfflineModule(storage.offline()),                                   // XEP-0160, sees presence before presence consumes it
                new BlockingModule(storage.blockLists(), storage.rosters()),            // XEP-0191, filters before presence routes
                new MamModule(storage.archive(), storage.users()::exists,
                        (user, contact) -> rosters.item(user, contact).isPresent(), config.mam()), // XEP-0313, stamps stanza ids before carbons copy
                new CarbonsModule(),                                                    // XEP-0280, copies what blocking let through
                new LastActivityModule(storage.lastActivity(), storage.rosters()),      // XEP-0012, sees unavailable presence before presence consumes it
                new VCardModule(storage.vcards(), config.vcard()),                      // XEP-0054
                new PrivateXmlModule(storage.privateXml(), config.privateXml()),        // XEP-0049
                new CapsModule(new CapsCache()),                                        // XEP-0115, sees presence before presence consumes it
                presence,                                                               // RFC 6121 §3-4, before roster (see Rosters)
                new RosterModule(rosters, presence::rosterItemRemoved));                // RFC 6121 §2
        requireKnown(config.disabled(), all);
        return all.stream().filter(module -> config.enabled(module.id())).toList();
    }

    private static void requireKnown(Set<String> disabled, List<XmppModule> all) {
        Set<String> known = all.stream().map(XmppModule::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unknown = new TreeSet<>(disabled);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ConfigException("modules.disabled: unknown module " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", known) + ")");
        }
    }
}
