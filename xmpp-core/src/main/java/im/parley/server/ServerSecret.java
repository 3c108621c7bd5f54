package im.parley.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A random secret kept in the data directory, stable across restarts: the decoy SCRAM salts of unknown accounts are
 * derived from it, so that they look the same on every attempt and cannot be told from real ones.
 */
final class ServerSecret {
    private static final int LENGTH = 32;

    private ServerSecret() {}

    static byte[] loadOrCreate(Path dataDirectory) {
        Path file = dataDirectory.resolve("server-secret");
        try {
            if (Files.exists(file)) {
                byte[] secret = Files.readAllBytes(file);
                if (secret.length == LENGTH) {
                    return secret;
                }
            }
            Files.createDirectories(dataDirectory);
            byte[] secret = new byte[LENGTH];
            new SecureRandom().nextBytes(secret);
            Files.write(file, secret, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing more we can do
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
