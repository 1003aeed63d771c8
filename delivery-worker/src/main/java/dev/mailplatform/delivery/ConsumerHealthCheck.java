package dev.mailplatform.delivery;

import dev.mailplatform.delivery.relay.RelayService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class ConsumerHealthCheck implements HealthCheck {
    private final AcceptedMailConsumer consumer;
    private final RelayService relay;

    ConsumerHealthCheck(AcceptedMailConsumer consumer, RelayService relay) {
        this.consumer = consumer;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("delivery-worker")
                .withData("accepted-mail-consumer", consumer.isHealthy())
                .withData("relay", relay.isHealthy())
                .status(consumer.isHealthy() && relay.isHealthy()).build();
    }
}
