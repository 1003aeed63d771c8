/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the POP3 listener is bound, so a load balancer sends no connection before. */
@Readiness
@ApplicationScoped
public class Pop3ListenerReadiness implements HealthCheck {
    private final Pop3Server server;

    public Pop3ListenerReadiness(Pop3Server server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pop3-listener").status(server.isListening())
                .withData("port", server.port()).build();
    }
}
