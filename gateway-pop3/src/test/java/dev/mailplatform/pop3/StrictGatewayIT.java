/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.pop3.server.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Limits that need non-default configuration: a short idle timeout and cleartext login switched off. */
@QuarkusTest
@TestProfile(StrictGatewayIT.Strict.class)
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class StrictGatewayIT {
    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mail.pop3.idle-timeout", "1s", "mail.pop3.allow-plaintext-auth", "false");
        }
    }

    @Inject
    Pop3Server server;

    @Test
    void idleConnectionIsClosedWithAnErr() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            long started = System.nanoTime();
            assertThat(pop.readLine()).isEqualTo("-ERR autologout: idle for too long");
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(500L, 10_000L);
            assertThat(pop.isClosedByServer()).isTrue();
        }
    }

    @Test
    void activityKeepsTheConnectionOpen() throws Exception {
        try (var pop = Pop3TestClient.connect(server.port())) {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(400);
                assertThat(pop.command("CAPA")).startsWith("+OK");
                pop.readMultiline();
            }
        }
    }

    @Test
    void cleartextLoginIsRefusedAndNotAdvertised() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).doesNotContain("USER").contains("UIDL");
            assertThat(pop.command("USER bob@example.org"))
                    .isEqualTo("-ERR [AUTH] cleartext login not allowed on this connection");
            assertThat(pop.command("PASS secret")).isEqualTo("-ERR USER first");
        }
    }
}
