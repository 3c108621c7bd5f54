package im.parley.dist;

import im.parley.ext.StandardExtensions;
import im.parley.module.XmppModule;
import im.parley.sasl.ScramCredentials;
import im.parley.server.XmppServer;
import im.parley.storage.Storage;
import im.parley.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

/**
 * The wiring of a Parley server, shared by {@link Main} and the in-process conformance tests: storage, then the
 * modules, then the listeners. Whatever was opened is closed again if a later step fails.
 */
public final class Parley {
    private Parley() {
    }

    public static RunningParley start(ParleyConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static RunningParley start(ParleyConfig config, Clock clock) {
        Storage storage = JdbcStorage.open(config.storage());
        try {
            SecureRandom random = new SecureRandom();
            int iterations = config.server().auth().scramIterations();
            List<XmppModule> modules = StandardExtensions.create(config.modules(), storage,
                    password -> ScramCredentials.derive(password, iterations, random), clock, version());
            XmppServer server = new XmppServer(config.server(), storage, modules, clock);
            try {
                server.start();
            } catch (Exception e) {
                // Netty rethrows bind failures (IOException) unchecked by the compiler; catch them too.
                server.close();
                throw e;
            }
            return new RunningParley(config, server, storage);
        } catch (Exception e) {
            storage.close();
            throw e;
        }
    }

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT} (XEP-0092 replies, {@code --version}, the start-up message). */
    public static String version() {
        try (InputStream in = Parley.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException("reading im/parley/dist/version.properties", e);
        }
    }
}
