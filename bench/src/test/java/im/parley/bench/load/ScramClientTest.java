package im.parley.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.bench.load.ScramClient.Keys;
import im.parley.bench.load.ScramClient.ScramHash;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/** The generator's SCRAM client against the exchange of RFC 7677 §3 (user "user", password "pencil"). */
class ScramClientTest {
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private final ConcurrentMap<String, byte[]> salted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Keys> keys = new ConcurrentHashMap<>();

    private ScramClient client() {
        return new ScramClient(ScramHash.SHA_256, "user", "pencil", CLIENT_NONCE, salted, keys);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void producesTheMessagesOfTheExample_rfc7677_3() {
        ScramClient scram = client();
        assertEquals("n,,n=user,r=" + CLIENT_NONCE, text(scram.clientFirst()));
        assertEquals(CLIENT_FINAL, text(scram.clientFinal(bytes(SERVER_FIRST))));
        assertTrue(scram.verifyServerFinal(bytes(SERVER_FINAL)));
    }

    @Test
    void refusesAServerSignatureThatIsNotTheExpectedOne_rfc5802_3() {
        ScramClient scram = client();
        scram.clientFirst();
        scram.clientFinal(bytes(SERVER_FIRST));
        assertFalse(scram.verifyServerFinal(bytes("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertFalse(scram.verifyServerFinal(bytes("e=invalid-proof")));
    }

    @Test
    void refusesAServerNonceThatDoesNotExtendTheClients_rfc5802_5_1() {
        ScramClient scram = client();
        scram.clientFirst();
        assertThrows(IllegalStateException.class,
                () -> scram.clientFinal(bytes("r=someoneElse%hvYD,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
    }

    @Test
    void aSecondLoginReusesTheDerivedKeysAndStillGivesTheExamplesProof() {
        ScramClient first = client();
        first.clientFirst();
        first.clientFinal(bytes(SERVER_FIRST));
        Keys cached = keys.values().iterator().next();

        ScramClient second = client();
        second.clientFirst();
        assertEquals(CLIENT_FINAL, text(second.clientFinal(bytes(SERVER_FIRST))));
        assertTrue(second.verifyServerFinal(bytes(SERVER_FINAL)));
        assertEquals(1, salted.size());
        assertEquals(1, keys.size());
        assertSame(cached, keys.values().iterator().next(), "the keys were derived once");
    }
}
