package im.parley.ext.mam;

import im.parley.config.ConfigException;

/**
 * {@code modules.mam}. {@code default-mode} ({@code always}, {@code roster} or {@code never}): what is archived for a
 * user who set no preferences; {@code always} lets a user's second device see the whole conversation.
 * {@code max-page}: the most messages one query returns; a larger RSM {@code <max/>} is capped, not refused
 * (XEP-0313 §4.3.1).
 */
public record MamConfig(ArchiveDefault defaultMode, int maxPage) {
    public MamConfig {
        defaultMode = defaultMode == null ? ArchiveDefault.ALWAYS : defaultMode;
        if (maxPage <= 0) {
            throw new ConfigException("modules.mam.max-page: expected a positive number, got " + maxPage);
        }
    }

    public static MamConfig defaults() {
        return new MamConfig(ArchiveDefault.ALWAYS, 250);
    }
}
