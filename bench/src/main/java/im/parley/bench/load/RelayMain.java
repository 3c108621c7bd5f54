package im.parley.bench.load;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the {@link RelayServer} ceiling as its own process until killed: {@code RelayMain --port 5299}. */
@Command(name = "parley-relay", mixinStandardHelpOptions = true, description = "Trivial TCP relay: pairs sockets, copies bytes.")
public final class RelayMain implements Callable<Integer> {
    @Option(names = "--address", defaultValue = "127.0.0.1")
    String address;
    @Option(names = "--port", defaultValue = "5299")
    int port;
    @Option(names = "--threads", defaultValue = "1", description = "event loops")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        RelayServer relay = new RelayServer(address, port, threads);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stopped.countDown();
        }, "relay-stop"));
        System.out.println("relay listening on " + address + ":" + relay.port());
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RelayMain()).execute(args));
    }
}
