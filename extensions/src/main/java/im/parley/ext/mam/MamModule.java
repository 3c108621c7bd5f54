package im.parley.ext.mam;

import im.parley.module.ModuleRegistrar;
import im.parley.module.XmppModule;
import im.parley.storage.MessageArchive;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/** XEP-0313: Message Archive Management of each user's own archive, with XEP-0359 stanza ids. */
public final class MamModule implements XmppModule {
    public static final String ID = "mam";
    public static final String NAMESPACE = "urn:xmpp:mam:2";
    /** XEP-0313 §7: what the user's bare JID advertises (not {@code #extended}: see the package documentation). */
    public static final List<String> ACCOUNT_FEATURES = List.of(NAMESPACE);
    /** Archive rows the writer takes at once, and rows waiting to be written before senders are held back. */
    private static final int WRITE_BATCH = 2_048;
    /**
     * Rows per transaction, a batch being written owner by owner: on H2 a transaction holds the index leaves of its
     * owners in memory until it commits, and fewer owners make a shorter young pause if one falls inside it (ADR 021).
     */
    private static final int WRITE_TRANSACTION = 256;
    private static final int WRITE_QUEUE = 65_536;
    /**
     * Below saturation, rows gather this long before a commit: on H2 a commit serialises every page its rows touched,
     * and an archived row touches one page per owner in three indexes (ADR 020), so a commit costs about as much for
     * 200 rows as for 2,000 (docs/adr/007-archive-write-behind.md). A MAM query or an acknowledgement ends the wait
     * at once.
     */
    private static final Duration WRITE_LINGER = Duration.ofSeconds(1);

    private final MessageArchive archive;
    private final Predicate<String> accountExists;
    private final BiPredicate<String, String> inRoster;
    private final MamConfig config;
    private ArchiveWriter writer;

    /**
     * {@code accountExists}: whether a local username has an account (e.g. {@code storage.users()::exists});
     * {@code inRoster}: whether (username, bare JID) is in that user's roster, for the {@code roster} default.
     */
    public MamModule(MessageArchive archive, Predicate<String> accountExists, BiPredicate<String, String> inRoster,
                     MamConfig config) {
        this.archive = archive;
        this.accountExists = accountExists;
        this.inRoster = inRoster;
        this.config = config;
    }

    /** Returns once every message archived so far is committed; for tests that read the storage directly. */
    void awaitArchived() {
        writer.awaitWritten();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        // XEP-0313 §7: advertised on the user's bare JID, not on the server (which hosts no archive of its own).
        ACCOUNT_FEATURES.forEach(registrar::accountDiscoFeature);
        ArchivePreferences preferences = new ArchivePreferences(config.defaultMode());
        writer = new ArchiveWriter(archive, WRITE_BATCH, WRITE_TRANSACTION, WRITE_QUEUE, WRITE_LINGER);
        registrar.onShutdown(writer::close);
        // XEP-0198: a message is acknowledged only once it is archived, too (docs/adr/007-archive-write-behind.md).
        registrar.beforeAcknowledging(writer::awaitWritten);
        ArchiveQueries queries = new ArchiveQueries(archive, writer::awaitWritten, config.maxPage());
        registrar.inbound(new ArchiveQueryInterceptor(queries, registrar.services()));
        registrar.inbound(new MessageArchiver(writer, accountExists, inRoster, preferences,
                new StanzaIds(new SecureRandom()), registrar.services()));
        registrar.iq(NAMESPACE, new MamIqHandler(queries, preferences, registrar.services()));
    }
}
