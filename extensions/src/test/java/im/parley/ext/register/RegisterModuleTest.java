package im.parley.ext.register;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.module.Requester;
import im.parley.module.StreamFeature.NegotiationState;
import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.testing.ModuleHarness;
import im.parley.testing.MutableClock;
import im.parley.testing.RecordingServices;
import im.parley.testing.RecordingServices.ClosedSessions;
import im.parley.testing.Requesters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.StreamError;

class RegisterModuleTest {
    private static final String DOMAIN = "shakespeare.lit";

    @TempDir
    Path dataDirectory;

    private final FakePasswordHasher hasher = new FakePasswordHasher();
    private final MutableClock clock = MutableClock.fixed();
    private final RecordingServices services = new RecordingServices(DOMAIN, clock);
    private Storage storage;
    private ModuleHarness harness;

    @BeforeEach
    void openStorage() {
        // The real JDBC stores on H2, as the server runs by default.
        storage = JdbcStorage.open(StorageConfig.h2(dataDirectory));
        harness = harness(RegisterConfig.defaults());
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private ModuleHarness harness(RegisterConfig config) {
        return ModuleHarness.of(services, new RegisterModule(storage.users(), storage.credentials(), hasher, config, clock));
    }

    private boolean exists(String username) {
        return storage.users().exists(username);
    }

    private void create(String username, String password) {
        assertThat(storage.users().create(username, hasher.apply(password))).isTrue();
    }

    /** The stored credential, compared with what the hasher derives from a password. */
    private Optional<ScramCredential> credential(String username) {
        return storage.credentials().find(username, ScramHash.SHA_256);
    }

    /** XEP-0077 Example 4: bill provides the required information. */
    private static String registration(String username, String password) {
        return """
                <iq type='set' id='reg2'>
                  <query xmlns='jabber:iq:register'>
                    <username>%s</username>
                    <password>%s</password>
                    <email>bard@shakespeare.lit</email>
                  </query>
                </iq>""".formatted(username, password);
    }

    private static PacketError.Condition condition(IQ reply) {
        assertThat(reply.getType()).as("reply type").isEqualTo(IQ.Type.error);
        return reply.getError().getCondition();
    }

    @Nested
    class Advertising {
        @Test
        void offersStreamFeatureOnlyOnSecuredUnauthenticatedStreams_xep0077_8_and_11() {
            // Given: registration on (the default)
            // When / Then: offered after TLS, before authentication; never without TLS nor after login
            assertThat(harness.streamFeatures(new NegotiationState(true, false, false)))
                    .singleElement()
                    .satisfies(feature -> {
                        assertThat(feature.getName()).isEqualTo("register");
                        assertThat(feature.getNamespaceURI()).isEqualTo("http://jabber.org/features/iq-register");
                    });
            assertThat(harness.streamFeatures(new NegotiationState(false, false, false))).isEmpty();
            assertThat(harness.streamFeatures(new NegotiationState(true, true, false))).isEmpty();
        }

        @Test
        void offersNoStreamFeatureWhenRegistrationIsOff_xep0077_8() {
            // Given
            ModuleHarness closed = harness(new RegisterConfig(false, true, 5, Duration.ofHours(1)));

            // When / Then
            assertThat(closed.streamFeatures(new NegotiationState(true, false, false))).isEmpty();
        }

        @Test
        void advertisesNamespaceInServerDisco_xep0077_10() {
            assertThat(harness.discoFeatures()).containsExactly("jabber:iq:register");
        }
    }

    @Nested
    class BeforeAuthentication {
        private final Requester newcomer = Requesters.anonymous("203.0.113.7");

        @Test
        void returnsRequiredFields_xep0077_3_1() {
            // Given: XEP-0077 Example 1
            IQ get = harness.iq("""
                    <iq type='get' id='reg1' to='shakespeare.lit'>
                      <query xmlns='jabber:iq:register'/>
                    </iq>""");

            // When
            IQ reply = harness.handlePreAuth(get, newcomer);

            // Then: Example 2's shape: instructions, empty username and password, not <registered/>
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
            assertThat(reply.getID()).isEqualTo("reg1");
            Element query = reply.getChildElement();
            assertThat(query.getNamespaceURI()).isEqualTo("jabber:iq:register");
            assertThat(query.elements()).extracting(Element::getName)
                    .containsExactly("instructions", "username", "password");
            assertThat(query.elementText("username")).isEmpty();
            assertThat(query.elementText("password")).isEmpty();
        }

        @Test
        void createsAccountWithDerivedCredentials_xep0077_3_1() {
            // Given: Example 4
            IQ set = harness.iq(registration("bill", "Calliope"));

            // When
            IQ reply = harness.handlePreAuth(set, newcomer);

            // Then: Example 5, an empty result; the account holds what the hasher derived, never the password
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
            assertThat(reply.getID()).isEqualTo("reg2");
            assertThat(reply.getChildElement()).isNull();
            assertThat(credential("bill")).contains(hasher.credentialFor("Calliope"));
        }

        @Test
        void storesTheNodepreppedUsername_rfc6122_appendixA() {
            // Given
            IQ set = harness.iq(registration("Bill", "Calliope"));

            // When
            IQ reply = harness.handlePreAuth(set, newcomer);

            // Then
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
            assertThat(exists("bill")).isTrue();
            assertThat(exists("Bill")).isFalse();
        }

        @Test
        void answersConflictWhenUsernameIsTaken_xep0077_3_1() {
            // Given: bill exists
            create("bill", "Calliope");

            // When: Example 6's request, someone else asks for "bill"
            IQ reply = harness.handlePreAuth(harness.iq(registration("bill", "m1cro$oft")), newcomer);

            // Then: conflict, and bill keeps his password
            assertThat(condition(reply)).isEqualTo(PacketError.Condition.conflict);
            assertThat(reply.getError().getType()).isEqualTo(PacketError.Type.cancel);
            assertThat(credential("bill")).contains(hasher.credentialFor("Calliope"));
        }

        @Test
        void answersNotAcceptableWhenInformationIsMissing_xep0077_3_1() {
            // Given: Example 7 leaves out e-mail (Parley does not ask for it); here the password is missing,
            // empty, or without character data, which the XEP's footnote counts as not provided
            List<String> incomplete = List.of(
                    "<iq type='set' id='r1'><query xmlns='jabber:iq:register'><username>bill</username></query></iq>",
                    "<iq type='set' id='r2'><query xmlns='jabber:iq:register'><username>bill</username><password/></query></iq>",
                    "<iq type='set' id='r3'><query xmlns='jabber:iq:register'><username>bill</username><password></password></query></iq>",
                    "<iq type='set' id='r4'><query xmlns='jabber:iq:register'><password>Calliope</password></query></iq>");

            for (String xml : incomplete) {
                // When
                IQ reply = harness.handlePreAuth(harness.iq(xml), newcomer);

                // Then
                assertThat(condition(reply)).as(xml).isEqualTo(PacketError.Condition.not_acceptable);
                assertThat(reply.getError().getType()).as(xml).isEqualTo(PacketError.Type.modify);
            }
            assertThat(storage.users().count()).isZero();
        }

        @Test
        void answersNotAcceptableForUsernameThatIsNoLocalpart_rfc7622_3_3() {
            // Given: characters nodeprep prohibits, and a localpart over 1023 bytes
            for (String username : List.of("bill@globe", "bill the bard", "o'brien", "x".repeat(1024))) {
                // When
                IQ reply = harness.handlePreAuth(harness.iq(registration(username, "Calliope")), newcomer);

                // Then
                assertThat(condition(reply)).as(username).isEqualTo(PacketError.Condition.not_acceptable);
            }
            assertThat(storage.users().count()).isZero();
        }

        @Test
        void answersNotAcceptableForPasswordOver1023Bytes() {
            // Given: 1023 bytes is accepted, 1024 is not ("é" is two bytes in UTF-8)
            IQ longest = harness.iq(registration("bill", "é".repeat(511) + "x"));
            IQ tooLong = harness.iq(registration("anne", "é".repeat(512)));

            // When
            IQ accepted = harness.handlePreAuth(longest, newcomer);
            IQ refused = harness.handlePreAuth(tooLong, newcomer);

            // Then
            assertThat(accepted.getType()).isEqualTo(IQ.Type.result);
            assertThat(condition(refused)).isEqualTo(PacketError.Condition.not_acceptable);
            assertThat(exists("anne")).isFalse();
        }

        @Test
        void answersNotAcceptableForPasswordSaslPrepProhibits_rfc4013_2_3() {
            // Given: a C1 control character (RFC 3454 C.2.2), which the password hasher refuses
            IQ set = harness.iq(registration("bill", "Calli&#x80;ope"));

            // When
            IQ reply = harness.handlePreAuth(set, newcomer);

            // Then
            assertThat(condition(reply)).isEqualTo(PacketError.Condition.not_acceptable);
            assertThat(exists("bill")).isFalse();
        }

        @Test
        void refusesRegistrationOnUnsecuredStream_xep0077_11() {
            // Given: a stream without TLS
            Requester plaintext = Requesters.anonymousUnsecured("203.0.113.7");

            // When
            IQ reply = harness.handlePreAuth(harness.iq(registration("bill", "Calliope")), plaintext);

            // Then
            assertThat(condition(reply)).isEqualTo(PacketError.Condition.not_authorized);
            assertThat(exists("bill")).isFalse();
        }

        @Test
        void answersServiceUnavailableWhenRegistrationIsOff_xep0077_3_1() {
            // Given
            ModuleHarness closed = harness(new RegisterConfig(false, true, 5, Duration.ofHours(1)));

            // When
            IQ fields = closed.handlePreAuth(closed.iq(
                    "<iq type='get' id='reg1'><query xmlns='jabber:iq:register'/></iq>"), newcomer);
            IQ create = closed.handlePreAuth(closed.iq(registration("bill", "Calliope")), newcomer);

            // Then
            assertThat(condition(fields)).isEqualTo(PacketError.Condition.service_unavailable);
            assertThat(condition(create)).isEqualTo(PacketError.Condition.service_unavailable);
            assertThat(exists("bill")).isFalse();
        }

        @Test
        void refusesRemovalBeforeAuthentication_xep0077_3_2() {
            // Given: an account, and a <remove/> on a stream that has not logged in
            create("bill", "Calliope");

            // When
            IQ reply = harness.handlePreAuth(harness.iq("""
                    <iq type='set' id='unreg1'><query xmlns='jabber:iq:register'><remove/></query></iq>"""), newcomer);

            // Then
            assertThat(condition(reply)).isEqualTo(PacketError.Condition.unexpected_request);
            assertThat(exists("bill")).isTrue();
        }
    }

    @Nested
    class Throttling {
        @Test
        void refusesAttemptsPastTheLimitPerAddress_xep0077_3_1_1() {
            // Given: 2 attempts per hour
            ModuleHarness limited = harness(new RegisterConfig(true, true, 2, Duration.ofHours(1)));
            Requester sameHost = Requesters.anonymous("203.0.113.7");
            limited.handlePreAuth(limited.iq(registration("anne", "pw1")), sameHost);
            limited.handlePreAuth(limited.iq(registration("anne", "pw2")), sameHost); // a conflict counts too

            // When
            IQ third = limited.handlePreAuth(limited.iq(registration("bill", "Calliope")), sameHost);
            IQ otherHost = limited.handlePreAuth(limited.iq(registration("cleo", "Calliope")),
                    Requesters.anonymous("198.51.100.9"));

            // Then: not-acceptable with type wait for this address only
            assertThat(condition(third)).isEqualTo(PacketError.Condition.not_acceptable);
            assertThat(third.getError().getType()).isEqualTo(PacketError.Type.wait);
            assertThat(exists("bill")).isFalse();
            assertThat(otherHost.getType()).isEqualTo(IQ.Type.result);
        }

        @Test
        void allowsAttemptsAgainAfterTheWindow() {
            // Given: the one attempt of the hour is used
            ModuleHarness limited = harness(new RegisterConfig(true, true, 1, Duration.ofHours(1)));
            Requester host = Requesters.anonymous("203.0.113.7");
            limited.handlePreAuth(limited.iq(registration("anne", "pw")), host);
            assertThat(condition(limited.handlePreAuth(limited.iq(registration("bill", "pw")), host)))
                    .isEqualTo(PacketError.Condition.not_acceptable);

            // When
            clock.advance(Duration.ofHours(1));
            IQ reply = limited.handlePreAuth(limited.iq(registration("bill", "pw")), host);

            // Then
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        }

        @Test
        void countsIpv6AddressesPerSlash64() {
            // Given: the one attempt used from one address of a /64
            ModuleHarness limited = harness(new RegisterConfig(true, true, 1, Duration.ofHours(1)));
            limited.handlePreAuth(limited.iq(registration("anne", "pw")), Requesters.anonymous("2001:db8:0:1::1"));

            // When: another address in the same /64, and one in another /64
            IQ sameNetwork = limited.handlePreAuth(limited.iq(registration("bill", "pw")),
                    Requesters.anonymous("2001:db8:0:1:ffff::2"));
            IQ otherNetwork = limited.handlePreAuth(limited.iq(registration("cleo", "pw")),
                    Requesters.anonymous("2001:db8:0:2::1"));

            // Then
            assertThat(condition(sameNetwork)).isEqualTo(PacketError.Condition.not_acceptable);
            assertThat(otherNetwork.getType()).isEqualTo(IQ.Type.result);
        }

        @Test
        void operatorCanLiftTheLimit() {
            // Given: throttle off, limit 1
            ModuleHarness open = harness(new RegisterConfig(true, false, 1, Duration.ofHours(1)));
            Requester host = Requesters.anonymous("203.0.113.7");

            // When
            for (String name : List.of("anne", "bill", "cleo")) {
                IQ reply = open.handlePreAuth(open.iq(registration(name, "pw")), host);

                // Then
                assertThat(reply.getType()).as(name).isEqualTo(IQ.Type.result);
            }
        }

        @Test
        void forgetsLeastRecentAddressesToBoundMemory() {
            // Given: room for 3 addresses
            RegistrationThrottle throttle = new RegistrationThrottle(1, Duration.ofHours(1), clock, 3);

            // When: 100 addresses try
            for (int i = 0; i < 100; i++) {
                throttle.tryAcquire(Requesters.anonymous("10.0.0." + i).remoteAddress());
            }

            // Then
            assertThat(throttle.trackedAddresses()).isEqualTo(3);
        }
    }

    @Nested
    class LoggedIn {
        private final Requester bill = Requesters.user("bill@shakespeare.lit/globe");

        @BeforeEach
        void billIsRegistered() {
            create("bill", "Calliope");
        }

        @Test
        void reportsRegistrationOnFile_xep0077_3_1() {
            // When: Example 1 from a logged-in user
            IQ reply = harness.handle(harness.iq("""
                    <iq type='get' id='reg1' to='shakespeare.lit'>
                      <query xmlns='jabber:iq:register'/>
                    </iq>"""), bill);

            // Then: Example 3, <registered/> and the username, never the password
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
            Element query = reply.getChildElement();
            assertThat(query.element("registered")).isNotNull();
            assertThat(query.elementText("username")).isEqualTo("bill");
            assertThat(query.element("password")).isNull();
        }

        @Test
        void changesOwnPassword_xep0077_3_3() {
            // Given: Example 18
            IQ change = harness.iq("""
                    <iq type='set' to='shakespeare.lit' id='change1'>
                      <query xmlns='jabber:iq:register'>
                        <username>bill</username>
                        <password>newpass</password>
                      </query>
                    </iq>""");

            // When
            IQ reply = harness.handle(change, bill);

            // Then: Example 19, and the new credentials stored
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
            assertThat(reply.getID()).isEqualTo("change1");
            assertThat(credential("bill")).contains(hasher.credentialFor("newpass"));
        }

        @Test
        void refusesChangingAnotherAccountsPassword_xep0077_3_3() {
            // Given: bill names anne
            create("anne", "hathaway");

            // When
            IQ reply = harness.handle(harness.iq("""
                    <iq type='set' id='change1'>
                      <query xmlns='jabber:iq:register'><username>anne</username><password>mine</password></query>
                    </iq>"""), bill);

            // Then
            assertThat(condition(reply)).isEqualTo(PacketError.Condition.not_allowed);
            assertThat(credential("anne")).contains(hasher.credentialFor("hathaway"));
        }

        @Test
        void keepsPasswordWhenNewOneIsEmpty_xep0077_3_3() {
            // Given: "MUST NOT change the password to a null value, but instead MUST maintain the existing password"
            for (String password : List.of("<password/>", "<password></password>", "")) {
                // When
                IQ reply = harness.handle(harness.iq("""
                        <iq type='set' id='change1'>
                          <query xmlns='jabber:iq:register'><username>bill</username>%s</query>
                        </iq>""".formatted(password)), bill);

                // Then
                assertThat(condition(reply)).as(password).isEqualTo(PacketError.Condition.bad_request);
            }
            assertThat(credential("bill")).contains(hasher.credentialFor("Calliope"));
        }

        @Test
        void answersBadRequestWithoutUsername_xep0077_3_3() {
            // When
            IQ reply = harness.handle(harness.iq("""
                    <iq type='set' id='change1'>
                      <query xmlns='jabber:iq:register'><password>newpass</password></query>
                    </iq>"""), bill);

            // Then
            assertThat(condition(reply)).isEqualTo(PacketError.Condition.bad_request);
            assertThat(credential("bill")).contains(hasher.credentialFor("Calliope"));
        }

        @Test
        void removesAccountThenEndsItsSessionsWithNotAuthorized_xep0077_3_2() {
            // Given: Example 11
            IQ remove = harness.iq("""
                    <iq type='set' from='bill@shakespeare.lit/globe' id='unreg1'>
                      <query xmlns='jabber:iq:register'>
                        <remove/>
                      </query>
                    </iq>""");

            // When
            IQ reply = harness.handle(remove);

            // Then: Example 12, the account gone, and every session of bill closed with <not-authorized/>
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
            assertThat(reply.getID()).isEqualTo("unreg1");
            assertThat(reply.getTo()).hasToString("bill@shakespeare.lit/globe");
            assertThat(exists("bill")).isFalse();
            assertThat(services.closedSessions())
                    .containsExactly(new ClosedSessions("bill", StreamError.Condition.not_authorized));
        }

        @Test
        void answersBadRequestWhenRemoveIsNotTheOnlyChild_xep0077_3_2() {
            // When
            IQ reply = harness.handle(harness.iq("""
                    <iq type='set' id='unreg1'>
                      <query xmlns='jabber:iq:register'><remove/><username>bill</username></query>
                    </iq>"""), bill);

            // Then: nothing removed, nobody disconnected
            assertThat(condition(reply)).isEqualTo(PacketError.Condition.bad_request);
            assertThat(exists("bill")).isTrue();
            assertThat(services.closedSessions()).isEmpty();
        }

        @Test
        void keepsPasswordChangeAndRemovalWhenRegistrationIsOff() {
            // Given: new accounts closed
            ModuleHarness closed = harness(new RegisterConfig(false, true, 5, Duration.ofHours(1)));

            // When
            IQ reply = closed.handle(closed.iq("""
                    <iq type='set' id='change1'>
                      <query xmlns='jabber:iq:register'><username>bill</username><password>newpass</password></query>
                    </iq>"""), bill);

            // Then
            assertThat(reply.getType()).isEqualTo(IQ.Type.result);
            assertThat(credential("bill")).contains(hasher.credentialFor("newpass"));
        }
    }
}
