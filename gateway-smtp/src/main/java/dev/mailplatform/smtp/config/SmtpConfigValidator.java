/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.config;

import java.util.ArrayList;
import java.util.List;

/** Fails startup on a limit that would break the protocol, naming the RFC that sets the floor. */
public final class SmtpConfigValidator {
    private SmtpConfigValidator() {
    }

    public static void validate(SmtpConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.maxLineLength() < 512) {
            problems.add("mail.smtp.max-line-length must be >= 512 (RFC 5321 4.5.3.1.4)");
        }
        if (config.maxRecipients() < 1) {
            problems.add("mail.smtp.max-recipients must be >= 1 (RFC 5321 4.5.3.1.8 recommends >= 100)");
        }
        if (config.maxMessageSize() < 64 * 1024) {
            problems.add("mail.smtp.max-message-size must be >= 65536 (RFC 5321 4.5.3.1.7)");
        }
        if (config.spoolMemoryBytes() < 0 || config.spoolMemoryTotalBytes() < 0) {
            problems.add("mail.smtp.spool-memory-bytes and spool-memory-total-bytes must be >= 0");
        }
        if (config.idleTimeout().toSeconds() < 1) {
            problems.add("mail.smtp.idle-timeout must be at least 1s");
        }
        if (config.maxConnections() < 1 || config.maxConnectionsPerIp() < 1) {
            problems.add("mail.smtp.max-connections and max-connections-per-ip must be >= 1");
        }
        if (config.maxErrors() < 1 || config.maxCommands() < 1) {
            problems.add("mail.smtp.max-errors and max-commands must be >= 1");
        }
        if (config.listenerInstances().isPresent() && config.listenerInstances().getAsInt() < 1) {
            problems.add("mail.smtp.listener-instances must be >= 1");
        }
        if (config.dataTimeout().toSeconds() < 1) {
            problems.add("mail.smtp.data-timeout must be at least 1s");
        }
        checkPort(problems, "mx", config.mx().port());
        checkPort(problems, "submission", config.submission().port());
        checkPort(problems, "submissions", config.submissions().port());
        if (config.auth().maxFailuresPerSession() < 1 || config.auth().maxFailuresPerIp() < 1) {
            problems.add("mail.smtp.auth.max-failures-per-session and max-failures-per-ip must be >= 1");
        }
        if (config.dnsTimeout().toMillis() < 100) {
            problems.add("mail.smtp.dns-timeout must be at least 100ms");
        }
        for (String tenant : config.authPolicy().tenants().keySet()) {
            try {
                java.util.UUID.fromString(tenant);
            } catch (IllegalArgumentException e) {
                problems.add("mail.smtp.auth-policy.tenants." + tenant + ": the key must be a tenant id (UUID)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid SMTP configuration: " + String.join("; ", problems));
        }
    }

    private static void checkPort(List<String> problems, String listener, int port) {
        if (port < 0 || port > 65535) {
            problems.add("mail.smtp." + listener + ".port must be in 0..65535");
        }
    }
}
