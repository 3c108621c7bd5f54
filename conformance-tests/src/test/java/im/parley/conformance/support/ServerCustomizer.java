package im.parley.conformance.support;

import im.parley.dist.ParleyConfig;
import java.util.HashSet;
import java.util.Set;

/**
 * Adjusts the configuration of the in-process Parley a test class runs against (e.g. tiny limits). Implementations
 * need a public no-argument constructor. Against an external target the customization cannot apply; tests that
 * depend on it call {@link Target#requireInProcess()}.
 */
public interface ServerCustomizer {
    ParleyConfig customize(ParleyConfig defaults);

    /** The suite's defaults: the test clients all come from 127.0.0.1, so per-address throttles are lifted. */
    final class None implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            return defaults;
        }
    }

    /**
     * The suite's defaults without the message archive (XEP-0313), whose writes may block: with it off, a message
     * between online resources is handled on its connection's event loop (ADR 015), the path these runs check.
     */
    final class WithoutArchive implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            ParleyConfig base = new None().customize(defaults);
            Set<String> disabled = new HashSet<>(base.modules().disabled());
            disabled.add("mam");
            return new ParleyConfig(base.server(), base.storage(), base.modules().withDisabled(disabled));
        }
    }
}
