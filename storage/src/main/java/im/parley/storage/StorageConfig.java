package im.parley.storage;

import java.util.Objects;

/**
 * Which database to use: the backend is chosen by the JDBC URL alone ({@code jdbc:h2:} or {@code jdbc:postgresql:}).
 * The default is an embedded H2 file database under {@code ./data}.
 */
public record StorageConfig(String url, String user, String password, int poolSize, int offlineQueueLimit) {
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/parley";

    public StorageConfig {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    public static StorageConfig defaults() {
        return new StorageConfig(DEFAULT_URL, "sa", "", 10, 10_000);
    }

    public static StorageConfig h2(java.nio.file.Path directory) {
        return new StorageConfig("jdbc:h2:file:" + directory.toAbsolutePath().resolve("parley"), "sa", "", 10, 10_000);
    }
}
