package dev.mailplatform.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real, packaged mailbox-service running as a child process against {@link Infrastructure#shared()}, for the
 * tests of the gateways and the delivery worker: they talk to the real service, never to a stand-in.
 */
public final class MailboxServiceProcess {
    private static MailboxServiceProcess shared;

    private final ServiceProcess process;
    private final String baseUrl;
    private final AdminApi admin;

    private MailboxServiceProcess(ServiceProcess process, String kafkaBootstrap) {
        this.process = process;
        this.baseUrl = "http://127.0.0.1:" + process.httpPort();
        this.admin = new AdminApi(baseUrl, InfrastructureTestResource.ADMIN_TOKEN,
                InfrastructureTestResource.SERVICE_TOKEN, kafkaBootstrap);
    }

    public static synchronized MailboxServiceProcess shared() {
        if (shared == null) {
            Infrastructure infra = Infrastructure.shared();
            Map<String, String> config = new HashMap<>(infra.quarkusConfig());
            config.put("mail.admin-token", InfrastructureTestResource.ADMIN_TOKEN);
            config.put("mail.service-token", InfrastructureTestResource.SERVICE_TOKEN);
            // tests hash many passwords: the lowest bcrypt cost keeps them quick (production keeps its default)
            config.put("mail.password.bcrypt-cost", "4");
            Path jar = ServiceProcess.jarOf("mailbox-service");
            Path log = Path.of(System.getProperty("user.dir"), "target", "mailbox-service-under-test.log");
            ServiceProcess process = ServiceProcess.start("mailbox-service", jar, config, Ports.free(), log,
                    Duration.ofSeconds(120));
            shared = new MailboxServiceProcess(process, infra.kafkaBootstrap());
            Runtime.getRuntime().addShutdownHook(new Thread(process::close));
        }
        return shared;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String adminToken() {
        return InfrastructureTestResource.ADMIN_TOKEN;
    }

    public String serviceToken() {
        return InfrastructureTestResource.SERVICE_TOKEN;
    }

    public AdminApi admin() {
        return admin;
    }

    /** Configuration for a gateway under test: where the mailbox service is and its credential. */
    public Map<String, String> configFor() {
        return Map.of("mail.mailbox-service.url", baseUrl, "mail.service-token", serviceToken());
    }
}
