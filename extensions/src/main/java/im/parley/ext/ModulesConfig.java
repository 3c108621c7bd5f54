package im.parley.ext;

import im.parley.ext.mam.MamConfig;
import im.parley.ext.ping.PingConfig;
import im.parley.ext.presence.PresenceConfig;
import im.parley.ext.privatexml.PrivateXmlConfig;
import im.parley.ext.register.RegisterConfig;
import im.parley.ext.roster.RosterConfig;
import im.parley.ext.vcard.VCardConfig;
import im.parley.ext.version.VersionConfig;
import java.util.Set;

/**
 * {@code modules}: which modules are off ({@code disabled}, by id) and each module's settings under
 * {@code modules.<id>}. Every module is on by default. A missing section (null) takes its defaults.
 */
public record ModulesConfig(Set<String> disabled, PingConfig ping, VersionConfig version, RegisterConfig register,
                            RosterConfig roster, PresenceConfig presence, VCardConfig vcard,
                            PrivateXmlConfig privateXml, MamConfig mam) {
    public ModulesConfig {
        disabled = disabled == null ? Set.of() : Set.copyOf(disabled);
        ping = ping == null ? PingConfig.defaults() : ping;
        version = version == null ? VersionConfig.defaults() : version;
        register = register == null ? RegisterConfig.defaults() : register;
        roster = roster == null ? RosterConfig.defaults() : roster;
        presence = presence == null ? PresenceConfig.defaults() : presence;
        vcard = vcard == null ? VCardConfig.defaults() : vcard;
        privateXml = privateXml == null ? PrivateXmlConfig.defaults() : privateXml;
        mam = mam == null ? MamConfig.defaults() : mam;
    }

    /** The sections that existed before mam; it takes its defaults. */
    public ModulesConfig(Set<String> disabled, PingConfig ping, VersionConfig version, RegisterConfig register,
                         RosterConfig roster, PresenceConfig presence, VCardConfig vcard, PrivateXmlConfig privateXml) {
        this(disabled, ping, version, register, roster, presence, vcard, privateXml, null);
    }

    /** The sections that existed before roster, presence, vcard and private-xml; those take their defaults. */
    public ModulesConfig(Set<String> disabled, PingConfig ping, VersionConfig version, RegisterConfig register) {
        this(disabled, ping, version, register, null, null, null, null);
    }

    public static ModulesConfig defaults() {
        return new ModulesConfig(Set.of(), PingConfig.defaults(), VersionConfig.defaults(), RegisterConfig.defaults());
    }

    public boolean enabled(String id) {
        return !disabled.contains(id);
    }

    public ModulesConfig withDisabled(Set<String> ids) {
        return new ModulesConfig(ids, ping, version, register, roster, presence, vcard, privateXml, mam);
    }

    public ModulesConfig withVersion(VersionConfig newVersion) {
        return new ModulesConfig(disabled, ping, newVersion, register, roster, presence, vcard, privateXml, mam);
    }

    public ModulesConfig withRegister(RegisterConfig newRegister) {
        return new ModulesConfig(disabled, ping, version, newRegister, roster, presence, vcard, privateXml, mam);
    }

    public ModulesConfig withMam(MamConfig newMam) {
        return new ModulesConfig(disabled, ping, version, register, roster, presence, vcard, privateXml, newMam);
    }
}
