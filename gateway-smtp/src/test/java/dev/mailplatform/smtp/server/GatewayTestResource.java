/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.testkit.InfrastructureTestResource;
import dev.mailplatform.testkit.MailboxServiceProcess;
import dev.mailplatform.testkit.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Real Kafka, PostgreSQL and S3 plus the real mailbox-service process, as the gateway sees them in production. */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new InfrastructureTestResource().start());
        config.putAll(MailboxServiceProcess.shared().configFor());
        // a fixed port, so the listener runs as several instances sharing it (a random port allows only one)
        config.put("mail.smtp.mx.port", String.valueOf(Ports.free()));
        return config;
    }

    @Override
    public void stop() {
        // shared per JVM, stopped by the test kit's shutdown hooks
    }
}
