package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class PreKeyStoreContract extends StorageContract {
    private static final DeviceKeys DEVICE = new DeviceKeys(1001, new byte[] {1, 1}, 7, new byte[] {2, 2}, new byte[] {3, 3});

    private static List<PreKey> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new PreKey(i, new byte[] {(byte) i, 42})).toList();
    }

    @Test
    void keepsDeviceKeysAndReplacesThem_xep0384_5_3_2() {
        // Given
        String juliet = account("juliet");
        DeviceKeys rotated = new DeviceKeys(1001, new byte[] {1, 1}, 8, new byte[] {4}, new byte[] {5});
        // When
        storage().preKeys().putDevice(juliet, DEVICE);
        storage().preKeys().putDevice(juliet, rotated);
        // Then
        assertThat(storage().preKeys().device(juliet, 1001)).contains(rotated);
        assertThat(storage().preKeys().devices(juliet)).containsExactly(rotated);
        assertThat(storage().preKeys().device(juliet, 1)).isEmpty();
    }

    @Test
    void claimHandsOutEachKeyOnceThenNothing() {
        // Given
        String juliet = account("juliet");
        storage().preKeys().putDevice(juliet, DEVICE);
        storage().preKeys().addPreKeys(juliet, 1001, keys(1, 4));
        // When
        List<Optional<PreKey>> claimed = IntStream.range(0, 4).mapToObj(i -> storage().preKeys().claim(juliet, 1001)).toList();
        // Then
        assertThat(claimed).containsExactly(Optional.of(keys(1, 2).getFirst()), Optional.of(keys(2, 3).getFirst()),
                Optional.of(keys(3, 4).getFirst()), Optional.empty());
        assertThat(storage().preKeys().preKeyCount(juliet, 1001)).isZero();
    }

    @Test
    void concurrentClaimantsNeverGetTheSameKey() throws Exception {
        // Given: 200 keys and 32 claimants racing for them, 10 claims each (320 claims for 200 keys)
        String juliet = account("juliet");
        storage().preKeys().putDevice(juliet, DEVICE);
        storage().preKeys().addPreKeys(juliet, 1001, keys(0, 200));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<PreKey>>> claimants = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int t = 0; t < 32; t++) {
                claimants.add(pool.submit(() -> {
                    start.await();
                    List<PreKey> mine = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        storage().preKeys().claim(juliet, 1001).ifPresent(mine::add);
                    }
                    return mine;
                }));
            }
            // When
            start.countDown();
            List<PreKey> all = new ArrayList<>();
            for (Future<List<PreKey>> claimant : claimants) {
                all.addAll(claimant.get());
            }
            // Then: every key handed out exactly once, all of them used
            Set<Integer> distinct = new HashSet<>(all.stream().map(PreKey::keyId).toList());
            assertThat(all).hasSize(200);
            assertThat(distinct).hasSize(200);
        }
        assertThat(storage().preKeys().preKeyCount(juliet, 1001)).isZero();
    }

    @Test
    void removingTheDeviceRemovesItsPreKeys() {
        // Given
        String juliet = account("juliet");
        storage().preKeys().putDevice(juliet, DEVICE);
        storage().preKeys().addPreKeys(juliet, 1001, keys(0, 5));
        // When
        boolean removed = storage().preKeys().removeDevice(juliet, 1001);
        // Then
        assertThat(removed).isTrue();
        assertThat(storage().preKeys().preKeyCount(juliet, 1001)).isZero();
        assertThat(storage().preKeys().claim(juliet, 1001)).isEmpty();
    }
}
