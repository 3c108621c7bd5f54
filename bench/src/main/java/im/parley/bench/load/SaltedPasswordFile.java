package im.parley.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keeps the generator's SCRAM SaltedPasswords (RFC 5802 §3) in a file between processes, as a real client keeps them
 * across restarts. Without it, each fresh generator process derives PBKDF2 for every account it logs in: on its one
 * core that is about 100 derivations a second, and a run of the idle scenario timed the generator instead of the
 * server. A SaltedPassword is a password equivalent for that account on that server: this is for throw-away load
 * accounts only. One line per entry: Base64 of the cache key, a space, Base64 of the value.
 */
final class SaltedPasswordFile {
    private SaltedPasswordFile() {
    }

    /** Adds the file's entries to {@code cache}; a missing file adds nothing. */
    static void load(Path file, Map<String, byte[]> cache) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    cache.put(new String(b64.decode(line.substring(0, space)), StandardCharsets.UTF_8),
                            b64.decode(line.substring(space + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Writes all of {@code cache} to {@code file}, replacing it whole (a concurrent reader sees old or new). */
    static void save(Path file, Map<String, byte[]> cache) {
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> lines = new ArrayList<>(cache.size());
        cache.forEach((key, value) -> lines.add(b64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + ' '
                + b64.encodeToString(value)));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
