package im.parley.dist;

import im.parley.config.ConfigException;
import im.parley.config.ServerConfig;
import im.parley.ext.ModulesConfig;
import im.parley.storage.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads {@code parley.yml} into a {@link ParleyConfig}. Every key is optional: what the file leaves out keeps its
 * default. Relative paths are relative to the working directory. Any unknown key or unusable value fails the
 * whole load with one {@link ConfigFileException} naming the file, the line and the key.
 */
public final class ConfigLoader {
    private static final String STORAGE = "storage";
    private static final String MODULES = "modules";

    private ConfigLoader() {
    }

    public static ParleyConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot be read (" + e + ")", e);
        }
        return parse(text, file.toString());
    }

    /** {@code source} is how errors name the file, e.g. {@code conf/parley.yml}. */
    public static ParleyConfig parse(String yaml, String source) {
        YamlNode.Mapping root = new YamlReader().read(yaml, source);
        RecordBinder binder = new RecordBinder(source, root);

        ServerConfig server = binder.bind(ServerConfig.class, ServerConfig.defaults(), root, "", Set.of(STORAGE, MODULES));
        StorageConfig storageDefaults = ParleyConfig.storageIn(server.dataDirectory());
        StorageConfig storage = root.entry(STORAGE)
                .map(e -> binder.value(StorageConfig.class, storageDefaults, e.value(), STORAGE))
                .orElse(storageDefaults);
        try {
            checkStorage(storage);
        } catch (ConfigException e) {
            throw binder.located(e, root.entry(STORAGE).map(YamlNode.Entry::keyLine).orElse(1));
        }
        ModulesConfig modules = root.entry(MODULES)
                .map(e -> binder.value(ModulesConfig.class, ModulesConfig.defaults(), e.value(), MODULES))
                .orElseGet(ModulesConfig::defaults);
        return new ParleyConfig(server, storage, modules);
    }

    // StorageConfig lives below xmpp-core and does not validate with ConfigException; its rules are kept here.
    private static void checkStorage(StorageConfig s) {
        if (!s.url().startsWith("jdbc:h2:") && !s.url().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("storage.url: expected a jdbc:h2: or jdbc:postgresql: URL, got '" + s.url() + "'");
        }
        if (s.poolSize() < 1 || s.poolSize() > 1_000) {
            throw new ConfigException("storage.pool-size: expected 1–1000, got " + s.poolSize());
        }
        if (s.offlineQueueLimit() < 1) {
            throw new ConfigException("storage.offline-queue-limit: expected a positive number, got "
                    + s.offlineQueueLimit());
        }
    }
}
