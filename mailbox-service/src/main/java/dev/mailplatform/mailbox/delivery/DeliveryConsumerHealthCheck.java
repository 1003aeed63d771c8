package dev.mailplatform.mailbox.delivery;

import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready when the delivery consumer thread died: mail would pile up in Kafka while the API looked healthy. */
@Readiness
@ApplicationScoped
public class DeliveryConsumerHealthCheck implements HealthCheck {
    private final LocalDeliveryConsumer consumer;
    private final MailboxServiceConfig config;

    public DeliveryConsumerHealthCheck(LocalDeliveryConsumer consumer, MailboxServiceConfig config) {
        this.consumer = consumer;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !config.delivery().enabled() || consumer.isRunning();
        return HealthCheckResponse.named("local-delivery-consumer").status(up)
                .withData("enabled", config.delivery().enabled()).build();
    }
}
