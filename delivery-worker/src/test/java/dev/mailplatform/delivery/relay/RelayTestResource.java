package dev.mailplatform.delivery.relay;

import dev.mailplatform.delivery.testnet.TestNet;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.InfrastructureTestResource;
import dev.mailplatform.testkit.MailboxServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Real Kafka/PostgreSQL/S3 (test kit), the real mailbox service as a process, and a DNS server and SMTP peer on
 * loopback that the relay is pointed at; retry delays in seconds so the tests see several attempts.
 */
public class RelayTestResource implements QuarkusTestResourceLifecycleManager {
    /** A tenant domain whose mail the worker signs with a key from config (the admin endpoint may not exist yet). */
    public static final String DKIM_DOMAIN = "dkim.acme.test";
    public static final String DKIM_SELECTOR = "sel1";
    /** RFC 8463 A.1's ed25519 seed: the test can verify with its published public key. */
    public static final String DKIM_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(Infrastructure.shared().quarkusConfig());
        config.put("mail.admin-token", InfrastructureTestResource.ADMIN_TOKEN);
        config.put("mail.service-token", InfrastructureTestResource.SERVICE_TOKEN);
        config.putAll(MailboxServiceProcess.shared().configFor());
        config.put("mail.relay.dns-servers", TestNet.dns().address());
        config.put("mail.relay.smtp-port", Integer.toString(TestNet.peer().port()));
        config.put("mail.relay.helo-name", "relay.worker.test");
        config.put("mail.relay.retry.schedule", "PT1S,PT2S");
        config.put("mail.relay.retry.jitter", "0");
        config.put("mail.relay.retry.expiry", "PT1H");
        config.put("mail.relay.retry.delay-notice-after", "PT30M");
        config.put("mail.relay.retry.internal-error-backoff", "PT1S");
        config.put("mail.relay.connect-timeout", "PT2S");
        config.put("mail.relay.command-timeout", "PT5S");
        config.put("mail.relay.dns-timeout", "PT1S");
        config.put("mail.relay.trusted-certificates", TestNet.certificate().toString());
        config.put("mail.relay.mta-sts.https-port", Integer.toString(TestNet.policyPort()));
        config.put("mail.relay.dkim.static-keys.\"" + DKIM_DOMAIN + "\"",
                DKIM_SELECTOR + ":ed25519-sha256:" + DKIM_SEED);
        return config;
    }

    @Override
    public void stop() {
        // the DNS server and the peer live as long as the JVM, like the shared infrastructure
    }
}
