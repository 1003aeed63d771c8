package dev.mailplatform.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the shared real infrastructure. The tokens are the test kit's fixed
 * credentials, the same {@link MailboxServiceProcess} uses.
 */
public class InfrastructureTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String SERVICE_TOKEN = "test-service-token";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(Infrastructure.shared().quarkusConfig());
        config.put("mail.admin-token", ADMIN_TOKEN);
        config.put("mail.service-token", SERVICE_TOKEN);
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole JVM: stopped by the shutdown hook, so later test classes reuse it
    }
}
