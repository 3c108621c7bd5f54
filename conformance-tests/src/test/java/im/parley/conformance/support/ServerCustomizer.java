package im.parley.conformance.support;

import im.parley.dist.ParleyConfig;

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
}
