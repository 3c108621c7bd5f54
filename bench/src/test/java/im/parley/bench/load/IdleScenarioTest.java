package im.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdleScenarioTest {

    @Test
    void rampStopsAtTheFirstCheckpointThenInThirds() {
        // Given 19,000 sessions and the first RSS checkpoint at 2,000
        // When the ramp is cut into chunks
        // Then RSS is read at 2,000 (the base of the marginal cost) and three more times up to all sessions
        assertThat(IdleScenario.chunkBounds(19_000, 2_000)).containsExactly(2_000, 7_666, 13_333, 19_000);
    }

    @Test
    void smallRampsAreOneChunkOrQuarters() {
        assertThat(IdleScenario.chunkBounds(5, 2_000)).containsExactly(5);
        assertThat(IdleScenario.chunkBounds(12, 2_000)).containsExactly(3, 6, 9, 12);
    }
}
