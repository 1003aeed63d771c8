package dev.mailplatform.delivery.dsn;

import dev.mailplatform.delivery.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This MTA's name: in EHLO and in the Reporting-MTA field of DSNs. */
@ApplicationScoped
public class ReportingMta {
    private final String name;

    ReportingMta(RelayConfig config) {
        this.name = config.heloName().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    public String name() {
        return name;
    }
}
