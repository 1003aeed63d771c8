package dev.mailplatform.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID ALICE = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();

    private static AcceptedMail mail(EnvelopeRecipient... rcpts) {
        return new AcceptedMail("m-1", "t-1", "messages/aa/bb/key", 1234, "sender@example.org", List.of(rcpts),
                Instant.parse("2026-11-22T10:00:00Z"), "client.example", "127.0.0.1", "mx");
    }

    @Test
    void oneDeliveryPerLocalAccountEvenWhenTwoAddressesReachIt() {
        var routes = Router.route(mail(
                new EnvelopeRecipient("alice@acme.test", TENANT, ALICE),
                new EnvelopeRecipient("sales@acme.test", TENANT, ALICE),
                new EnvelopeRecipient("bob@acme.test", TENANT, BOB)));
        assertThat(routes.local()).hasSize(2);
        assertThat(routes.local().get(0).accountId()).isEqualTo(ALICE);
        assertThat(routes.local().get(0).deliveryId()).isEqualTo("m-1/" + ALICE);
        assertThat(routes.local().get(0).recipient()).isEqualTo("alice@acme.test");
        assertThat(routes.local().get(1).accountId()).isEqualTo(BOB);
        assertThat(routes.local()).allSatisfy(d -> {
            assertThat(d.blobKey()).isEqualTo("messages/aa/bb/key");
            assertThat(d.tenantId()).isEqualTo(TENANT);
            assertThat(d.size()).isEqualTo(1234);
        });
        assertThat(routes.outbound()).isEmpty();
    }

    @Test
    void remoteRecipientsAreGroupedByDomainCaseInsensitively() {
        var routes = Router.route(mail(
                new EnvelopeRecipient("a@Remote.example", null, null),
                new EnvelopeRecipient("b@remote.EXAMPLE", null, null),
                new EnvelopeRecipient("c@other.example", null, null),
                new EnvelopeRecipient("a@Remote.example", null, null)));
        assertThat(routes.local()).isEmpty();
        assertThat(routes.outbound()).hasSize(2);
        assertThat(routes.outbound().get(0).domain()).isEqualTo("remote.example");
        assertThat(routes.outbound().get(0).recipients()).containsExactly("a@Remote.example", "b@remote.EXAMPLE");
        assertThat(routes.outbound().get(0).outboundId()).isEqualTo("m-1/remote.example");
        assertThat(routes.outbound().get(1).recipients()).containsExactly("c@other.example");
    }
}
