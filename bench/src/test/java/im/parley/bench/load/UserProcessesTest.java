package im.parley.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UserProcessesTest {
    private static final String ME = ProcessHandle.current().info().user().orElseThrow();

    @Test
    void sumsTheCpuOfEveryProcessOfTheUserIncludingThisOne() {
        ProcessProbe self = ProcessProbe.of(ProcessHandle.current().pid()).orElseThrow();
        burn();
        double mine = self.cpuSeconds();  // read first: the sum, read after, can only be larger
        double all = new UserProcesses(ME).cpuSeconds();
        assertTrue(mine > 0, "this JVM has used CPU: " + mine);
        assertTrue(all >= mine, "processes of " + ME + ": " + all + " s, this one alone: " + mine + " s");
    }

    @Test
    void aUserWithoutProcessesHasUsedNone() {
        assertEquals(0.0, new UserProcesses("no-such-user-parley-bench").cpuSeconds());
    }

    @Test
    void noUserNamedNoProbe() {
        assertTrue(UserProcesses.of("").isEmpty());
        assertTrue(UserProcesses.of(null).isEmpty());
        assertEquals(ME, UserProcesses.of(ME).orElseThrow().user());
    }

    /** 50 ms on the CPU: reading the clock in a loop cannot be optimised away. */
    private static void burn() {
        long end = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
