package im.parley.dist;

import im.parley.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/parley}: load the configuration, start storage, modules and listeners, run until SIGTERM or Ctrl-C. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs the Parley XMPP server in the foreground until Ctrl-C or SIGTERM.")
public final class Main implements Callable<Integer> {
    static final int START_FAILED = 1;
    static final int BAD_CONFIGURATION = 2;

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration; keys left out keep their defaults (see conf/parley.yml). "
                    + "Without it: localhost on 5222/5223, data under ./data.")
    private Path configFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ParleyConfig config;
        try {
            config = configFile == null ? ParleyConfig.defaults() : ConfigLoader.load(configFile);
        } catch (ConfigFileException e) {
            System.err.println(e.getMessage());
            System.err.println("Parley did not start: fix the configuration and try again.");
            return BAD_CONFIGURATION;
        }
        RunningParley parley;
        try {
            parley = Parley.start(config);
        } catch (ConfigException e) {
            System.err.println((configFile == null ? "configuration" : configFile) + ": " + e.getMessage());
            return BAD_CONFIGURATION;
        } catch (Exception e) {
            // Netty's bind failures arrive as an undeclared IOException: "Address already in use" needs no trace.
            if (e instanceof java.io.IOException) {
                log.error("Parley could not start for {}: {} (is another server using the port?)",
                        config.server().domain(), e.getMessage());
                log.debug("start-up failure", e);
            } else {
                log.error("Parley could not start for {}: {}", config.server().domain(), e, e);
            }
            return START_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        TerminationSignals.exitCleanlyOn("TERM", "INT");
        log.info(StartupBanner.text(config, parley.ports(), Parley.version()));
        parley.awaitClosed();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Parley " + Parley.version()};
        }
    }
}
