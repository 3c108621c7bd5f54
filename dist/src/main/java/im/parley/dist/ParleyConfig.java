package im.parley.dist;

import im.parley.config.ListenersConfig;
import im.parley.config.ServerConfig;
import im.parley.ext.ModulesConfig;
import im.parley.storage.StorageConfig;
import java.nio.file.Path;

/**
 * The whole configuration file: the server's keys at the top level ({@code domain}, {@code listeners}, …),
 * {@code storage} and {@code modules}. Without a file, {@link #defaults()}: {@code localhost} on 5222/5223 with an
 * H2 database under {@code ./data}.
 */
public record ParleyConfig(ServerConfig server, StorageConfig storage, ModulesConfig modules) {

    public static ParleyConfig defaults() {
        ServerConfig server = ServerConfig.defaults();
        return new ParleyConfig(server, storageIn(server.dataDirectory()), ModulesConfig.defaults());
    }

    /** For tests that start Parley in-process: loopback, free ports, everything under {@code dataDirectory}. */
    public static ParleyConfig onFreePorts(Path dataDirectory) {
        ServerConfig d = ServerConfig.defaults();
        ServerConfig server = new ServerConfig(d.domain(), dataDirectory, ListenersConfig.onFreePorts(), d.tls(),
                d.limits(), d.auth());
        return new ParleyConfig(server, storageIn(dataDirectory), ModulesConfig.defaults());
    }

    /**
     * The default storage follows the data directory: an embedded H2 database in it. H2 refuses paths implicitly
     * relative to the working directory, hence the explicit {@code ./}.
     */
    static StorageConfig storageIn(Path dataDirectory) {
        Path dir = dataDirectory.normalize();
        String file = (dir.isAbsolute() ? dir : Path.of(".").resolve(dir)).resolve("parley").toString();
        StorageConfig d = StorageConfig.defaults();
        return new StorageConfig("jdbc:h2:file:" + file, d.user(), d.password(), d.poolSize(), d.offlineQueueLimit());
    }
}
