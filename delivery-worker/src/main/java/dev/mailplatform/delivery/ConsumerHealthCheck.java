package dev.mailplatform.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class ConsumerHealthCheck implements HealthCheck {
    private final AcceptedMailConsumer consumer;

    ConsumerHealthCheck(AcceptedMailConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepted-mail-consumer").status(consumer.isHealthy()).build();
    }
}
