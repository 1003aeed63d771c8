package dev.mailplatform.imap;

import dev.mailplatform.testkit.InfrastructureTestResource;
import dev.mailplatform.testkit.MailboxServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** The shared real infrastructure plus the real mailbox-service child process, for the gateway under test. */
public class ImapTestResource implements QuarkusTestResourceLifecycleManager {
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
