package dev.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.imap.server.ImapServer;
import dev.mailplatform.testkit.TempDirectories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** RFC 9051 §5.4 autologout, with the timer shortened by configuration so the test runs in seconds. */
@QuarkusTest
@TestProfile(IdleTimeoutTest.ShortIdle.class)
@QuarkusTestResource(value = ImapTestResource.class, restrictToAnnotatedClass = false)
class IdleTimeoutTest {
    public static class ShortIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mail.imap.idle-timeout", "PT1.5S");
        }
    }

    /** Quarkus leaves the folder it wrote this profile's configuration to: delete it (see TempDirectories). */
    @AfterAll
    static void deleteProfileConfiguration() {
        TempDirectories.deleteQuarkusTestProfileConfig(IdleTimeoutTest.class.getClassLoader());
    }

    @Inject
    ImapServer server;

    @Test
    void idleConnectionGetsByeAndIsClosed() throws IOException {
        try (ImapTestClient c = new ImapTestClient(server.port())) {
            assertThat(c.readLine()).startsWith("* OK ");
            assertThat(c.command("i1", "NOOP")).containsExactly("i1 OK NOOP completed");
            long start = System.nanoTime();
            assertThat(c.readLine()).isEqualTo("* BYE Autologout; idle for too long");
            assertThat(c.isClosedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_000L, 10_000L);
        }
    }

    @Test
    void activityKeepsTheConnectionOpen() throws Exception {
        try (ImapTestClient c = new ImapTestClient(server.port())) {
            assertThat(c.readLine()).startsWith("* OK ");
            for (int i = 0; i < 4; i++) { // 4 x 0.8 s > the 1.5 s timeout, but never idle for that long
                Thread.sleep(800);
                assertThat(c.command("k" + i, "NOOP")).containsExactly("k" + i + " OK NOOP completed");
            }
        }
    }
}
