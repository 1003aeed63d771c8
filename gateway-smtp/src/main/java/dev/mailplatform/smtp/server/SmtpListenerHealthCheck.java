/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the SMTP listeners are bound. */
@Readiness
@ApplicationScoped
public class SmtpListenerHealthCheck implements HealthCheck {
    private final SmtpServer server;

    public SmtpListenerHealthCheck(SmtpServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("smtp-listeners")
                .status(server.isListening())
                .withData("mxPort", server.port("mx"))
                .withData("submissionPort", server.port("submission"))
                .withData("submissionsPort", server.port("submissions"))
                .withData("activeSessions", server.activeSessions())
                .build();
    }
}
