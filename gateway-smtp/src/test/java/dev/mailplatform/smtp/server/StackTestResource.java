/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Kafka, PostgreSQL and S3 of the shared {@link TestStack}, without pointing at the mailbox service. */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestStack.config());
        config.remove("mail.mailbox-service.url");
        config.remove("test.admin-token");
        config.remove("test.kafka");
        config.put("mail.smtp.dns-servers", TestDnsServer.shared().address());
        return config;
    }

    @Override
    public void stop() {
        // shared per JVM
    }
}
