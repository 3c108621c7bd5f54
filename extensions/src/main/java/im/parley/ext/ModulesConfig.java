package im.parley.ext;

import im.parley.ext.ping.PingConfig;
import im.parley.ext.register.RegisterConfig;
import im.parley.ext.version.VersionConfig;
import java.util.Set;

/**
 * {@code modules}: which modules are off ({@code disabled}, by id) and each module's settings under
 * {@code modules.<id>}. Every module is on by default. A missing section (null) takes its defaults.
 */
public record ModulesConfig(Set<String> disabled, PingConfig ping, VersionConfig version, RegisterConfig register) {
    public ModulesConfig {
        disabled = disabled == null ? Set.of() : Set.copyOf(disabled);
        ping = ping == null ? PingConfig.defaults() : ping;
        version = version == null ? VersionConfig.defaults() : version;
        register = register == null ? RegisterConfig.defaults() : register;
    }

    public static ModulesConfig defaults() {
        return new ModulesConfig(Set.of(), PingConfig.defaults(), VersionConfig.defaults(), RegisterConfig.defaults());
    }

    public boolean enabled(String id) {
        return !disabled.contains(id);
    }

    public ModulesConfig withDisabled(Set<String> ids) {
        return new ModulesConfig(ids, ping, version, register);
    }
}
