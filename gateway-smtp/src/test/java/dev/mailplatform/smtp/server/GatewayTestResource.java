/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.testkit.AdminApi;
import dev.mailplatform.testkit.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Real Kafka, PostgreSQL and S3 plus the real mailbox-service process, as the gateway sees them in production, and
 * a loopback DNS server for SPF/DKIM/DMARC. One tenant ("strict") is created before the gateway starts so its
 * per-tenant auth policy (reject) can be configured; every other tenant gets the default (mark).
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {
    static volatile UUID strictTenantId;
    static volatile String strictDomain;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestStack.config());
        config.remove("test.admin-token");
        config.remove("test.kafka");
        // a fixed port, so the listener runs as several instances sharing it (a random port allows only one)
        config.put("mail.smtp.mx.port", String.valueOf(Ports.free()));
        // SPF, DKIM and DMARC ask the tests' own DNS server, never the Internet
        config.put("mail.smtp.dns-servers", TestDnsServer.shared().address());
        AdminApi admin = TestStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        strictTenantId = admin.createTenant("smtp-strict-" + suffix);
        strictDomain = "strict-" + suffix + ".example";
        admin.createDomain(strictTenantId, strictDomain);
        admin.createAccount(strictTenantId, "carol@" + strictDomain, "carol-password-1");
        config.put("mail.smtp.auth-policy.tenants." + strictTenantId, "reject");
        return config;
    }

    @Override
    public void stop() {
        // shared per JVM, stopped by the test kit's shutdown hooks
    }
}
