package im.parley.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.testing.RecordingServices;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleRegistryTest {
    private final ModuleRegistry registry = new ModuleRegistry(new RecordingServices("localhost", Clock.systemUTC()));
    private final List<String> ran = new ArrayList<>();

    private static XmppModule module(String id, java.util.function.Consumer<ModuleRegistrar> registration) {
        return new XmppModule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void register(ModuleRegistrar registrar) {
                registration.accept(registrar);
            }
        };
    }

    @Test
    void shutdownRunsLastRegisteredFirstAndSurvivesAFailingModule() {
        registry.registerAll(List.of(
                module("storage-user", r -> r.onShutdown(() -> ran.add("first"))),
                module("broken", r -> r.onShutdown(() -> {
                    throw new IllegalStateException("cannot flush");
                })),
                module("writer", r -> r.onShutdown(() -> ran.add("last")))));

        registry.shutdown();
        registry.shutdown(); // a second stop does nothing more

        assertThat(ran).containsExactly("last", "first");
    }

    @Test
    void theAcknowledgementBarrierRunsEveryModulesBarrier() {
        registry.registerAll(List.of(
                module("mam", r -> r.beforeAcknowledging(() -> ran.add("archive committed"))),
                module("other", r -> r.beforeAcknowledging(() -> ran.add("other committed")))));

        registry.ackBarrier().run();

        assertThat(ran).containsExactly("archive committed", "other committed");
    }

    @Test
    void aModuleIdRegisteredTwiceFailsStartUp() {
        assertThatThrownBy(() -> registry.registerAll(List.of(module("mam", r -> { }), module("mam", r -> { }))))
                .hasMessageContaining("registered twice");
    }
}
