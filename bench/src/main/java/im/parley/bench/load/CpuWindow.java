package im.parley.bench.load;

import java.util.Optional;

/**
 * CPU time used by the server (when its PID is known), its database server (when it has one of its own) and this
 * generator over a stretch of wall time: which side set a scenario's pace (near 100 % of a core: that side).
 */
final class CpuWindow {
    private final Optional<ProcessProbe> server;
    private final Optional<UserProcesses> database;
    private final Optional<ProcessProbe> generator = ProcessProbe.of(ProcessHandle.current().pid());
    private final Optional<Double> server0;
    private final Optional<Double> database0;
    private final double generator0;
    private final long t0 = System.nanoTime();

    /** What a window measured: its wall time, and the CPU seconds of each side (empty where unknown). */
    record Usage(double seconds, Optional<Double> serverCpu, Optional<Double> databaseCpu, Optional<Double> generatorCpu) {
        Optional<Double> serverPercent() {
            return percent(serverCpu);
        }

        Optional<Double> databasePercent() {
            return percent(databaseCpu);
        }

        Optional<Double> generatorPercent() {
            return percent(generatorCpu);
        }

        private Optional<Double> percent(Optional<Double> cpuSeconds) {
            return cpuSeconds.map(cpu -> 100 * cpu / seconds);
        }
    }

    private CpuWindow(Optional<ProcessProbe> server, Optional<UserProcesses> database) {
        this.server = server;
        this.database = database;
        this.server0 = server.flatMap(ProcessProbe::cpuSecondsWhileRunning);
        this.database0 = database.map(UserProcesses::cpuSeconds);
        this.generator0 = generator.map(ProcessProbe::cpuSeconds).orElse(0.0);
    }

    static CpuWindow start(Optional<ProcessProbe> server) {
        return start(server, Optional.empty());
    }

    static CpuWindow start(Optional<ProcessProbe> server, Optional<UserProcesses> database) {
        return new CpuWindow(server, database);
    }

    Usage end() {
        // a server that is gone by now (it died during the window) leaves its CPU unknown, not the run failed
        Optional<Double> serverCpu = server0.flatMap(before -> server.flatMap(ProcessProbe::cpuSecondsWhileRunning)
                .map(now -> now - before));
        Optional<Double> databaseCpu = database0.flatMap(before -> database.map(d -> d.cpuSeconds() - before));
        return new Usage((System.nanoTime() - t0) / 1e9, serverCpu, databaseCpu,
                generator.map(p -> p.cpuSeconds() - generator0));
    }
}
