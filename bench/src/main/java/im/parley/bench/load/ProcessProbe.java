package im.parley.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads another process's resident memory ({@code VmRSS} in {@code /proc/PID/status}) and CPU time
 * ({@code utime + stime} in {@code /proc/PID/stat}, in clock ticks of 1/100 s on Linux).
 */
public record ProcessProbe(long pid) {
    private static final double TICKS_PER_SECOND = 100.0;

    public static Optional<ProcessProbe> of(long pid) {
        return pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid))) ? Optional.of(new ProcessProbe(pid)) : Optional.empty();
    }

    /** {@link #rssBytes()}, or empty once the process is gone (a server that died during a run). */
    public Optional<Long> rssBytesWhileRunning() {
        try {
            return Optional.of(rssBytes());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** {@link #cpuSeconds()}, or empty once the process is gone. */
    public Optional<Double> cpuSecondsWhileRunning() {
        try {
            return Optional.of(cpuSeconds());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new IllegalStateException("reading /proc/" + pid + "/status", e);
        }
    }

    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: fields are counted after its closing ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("reading /proc/" + pid + "/stat", e);
        }
    }
}
