package dev.mailplatform.imap.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the IMAP port is bound. */
@Readiness
@ApplicationScoped
public class ImapListenerHealthCheck implements HealthCheck {
    @Inject
    ImapServer server;

    @Override
    public HealthCheckResponse call() {
        int port = server.port();
        return HealthCheckResponse.named("imap-listener").status(port > 0).withData("port", port).build();
    }
}
