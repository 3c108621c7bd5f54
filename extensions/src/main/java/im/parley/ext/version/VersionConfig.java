package im.parley.ext.version;

/**
 * {@code modules.version}. {@code show-os}: whether replies name the operating system. Off by default, because
 * XEP-0092 §5 warns that revealing it invites attacks aimed at that system.
 */
public record VersionConfig(boolean showOs) {
    public static VersionConfig defaults() {
        return new VersionConfig(false);
    }
}
