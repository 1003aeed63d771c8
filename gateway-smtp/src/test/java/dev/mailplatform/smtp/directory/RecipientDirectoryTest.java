/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.RecipientResolution;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Local accounts are remembered for the TTL; unknown addresses, foreign domains and failures never are. */
class RecipientDirectoryTest {
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID ACCOUNT = UUID.randomUUID();
    private final List<String> asked = new ArrayList<>();

    private Future<RecipientResolution> directory(String address) {
        asked.add(address);
        return switch (address) {
            case "alice@local.example" -> Future.succeededFuture(
                    new RecipientResolution(address, true, TENANT, ACCOUNT));
            case "nobody@local.example" -> Future.succeededFuture(
                    new RecipientResolution(address, true, TENANT, null));
            case "down@local.example" -> Future.failedFuture(new IllegalStateException("directory unreachable"));
            default -> Future.succeededFuture(new RecipientResolution(address, false, null, null));
        };
    }

    @Test
    void remembersLocalAccountsOnly() {
        RecipientDirectory recipients = new RecipientDirectory(this::directory, Duration.ofMinutes(1), 100);
        for (int i = 0; i < 3; i++) {
            assertThat(recipients.resolve("alice@local.example").result().accountId()).isEqualTo(ACCOUNT);
            assertThat(recipients.resolve("nobody@local.example").result().accountId()).isNull();
            assertThat(recipients.resolve("bob@remote.example").result().domainLocal()).isFalse();
            assertThat(recipients.resolve("down@local.example").failed()).isTrue();
        }
        assertThat(asked).filteredOn("alice@local.example"::equals).hasSize(1);
        assertThat(asked).filteredOn("nobody@local.example"::equals).hasSize(3);
        assertThat(asked).filteredOn("bob@remote.example"::equals).hasSize(3);
        assertThat(asked).filteredOn("down@local.example"::equals).hasSize(3);
    }

    @Test
    void forgetsAfterTheTtlAndCanBeTurnedOff() throws Exception {
        RecipientDirectory shortLived = new RecipientDirectory(this::directory, Duration.ofMillis(50), 100);
        shortLived.resolve("alice@local.example");
        Thread.sleep(200);
        shortLived.resolve("alice@local.example");
        RecipientDirectory off = new RecipientDirectory(this::directory, Duration.ZERO, 100);
        off.resolve("alice@local.example");
        off.resolve("alice@local.example");
        assertThat(asked).hasSize(4);
    }
}
