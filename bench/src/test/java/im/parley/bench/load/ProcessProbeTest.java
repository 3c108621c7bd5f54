package im.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessProbeTest {
    @Test
    void readsARunningProcess() {
        ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());

        assertThat(self.rssBytesWhileRunning()).hasValueSatisfying(rss -> assertThat(rss).isPositive());
        assertThat(self.cpuSecondsWhileRunning()).hasValueSatisfying(cpu -> assertThat(cpu).isPositive());
    }

    @Test
    void aProcessThatIsGoneReadsAsUnknownInsteadOfFailingTheRun() throws Exception {
        // Given a server process that has exited (as one that dies during a chat step)
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessProbe probe = new ProcessProbe(gone.pid());

        // Then its RSS and CPU are unknown, and a CPU window over it says so rather than throwing
        assertThat(probe.rssBytesWhileRunning()).isEmpty();
        assertThat(probe.cpuSecondsWhileRunning()).isEmpty();
        assertThat(CpuWindow.start(java.util.Optional.of(probe)).end().serverCpu()).isEmpty();
    }
}
