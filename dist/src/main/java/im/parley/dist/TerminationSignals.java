package im.parley.dist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Makes SIGTERM and Ctrl-C (SIGINT) a normal exit with status 0, still running the shutdown hooks. The JVM's own
 * handling exits with 143/130, which service managers and scripts read as a failure of a requested stop.
 */
final class TerminationSignals {
    private static final Logger log = LoggerFactory.getLogger(TerminationSignals.class);

    private TerminationSignals() {
    }

    static void exitCleanlyOn(String... signalNames) {
        for (String name : signalNames) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("received SIG{}, shutting down", signal.getName());
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) {
                // e.g. the JVM runs with -Xrs: the JVM's default handling (shutdown hooks, status 128+n) still applies.
                log.debug("cannot handle SIG{}; keeping the JVM default", name, e);
            }
        }
    }
}
