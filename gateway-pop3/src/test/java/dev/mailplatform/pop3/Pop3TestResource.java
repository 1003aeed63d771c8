/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import dev.mailplatform.testkit.InfrastructureTestResource;
import dev.mailplatform.testkit.MailboxServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** The shared real infrastructure plus the real mailbox-service process, as the gateway's configuration. */
public class Pop3TestResource implements QuarkusTestResourceLifecycleManager {
    private final InfrastructureTestResource infrastructure = new InfrastructureTestResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infrastructure.start());
        config.putAll(MailboxServiceProcess.shared().configFor());
        return config;
    }

    @Override
    public void stop() {
        infrastructure.stop();
    }
}
