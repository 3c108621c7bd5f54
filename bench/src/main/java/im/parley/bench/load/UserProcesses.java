package im.parley.bench.load;

import java.util.Optional;

/**
 * The CPU time of every process one OS user runs, from {@code /proc}: a database server of its own, such as
 * PostgreSQL's postmaster and its backends, which share the server's core in the comparison and are part of the
 * server under test there. A process that exits during a window takes its CPU time with it; a connection pool's
 * backends live as long as the server, so a window over steady traffic loses nothing that matters.
 */
public record UserProcesses(String user) {
    public static Optional<UserProcesses> of(String user) {
        return user == null || user.isBlank() ? Optional.empty() : Optional.of(new UserProcesses(user));
    }

    public double cpuSeconds() {
        // one read of each process's /proc entries: its owner and its utime + stime, as ProcessProbe reads them
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::info)
                .filter(info -> info.user().filter(user::equals).isPresent())
                .mapToDouble(info -> info.totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
                .sum();
    }
}
