/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.testkit.AdminApi;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.InfrastructureTestResource;
import dev.mailplatform.testkit.MailboxServiceProcess;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The infrastructure and mailbox service of the socket tests, started once per JVM. Quarkus restarts the
 * application, with a fresh class loader, for every test class with its own test resource, which would give the
 * test kit's per-class-loader singletons a new Kafka, PostgreSQL, S3 and mailbox service each time (until the fork
 * runs out of memory). The first start is therefore remembered in system properties, which all class loaders share.
 */
final class TestStack {
    private static final String KEY = "dev.mailplatform.smtp.test-stack";

    private TestStack() {
    }

    /** Gateway config for the shared stack: Kafka, S3, mailbox-service URL and credentials. */
    static synchronized Map<String, String> config() {
        String saved = System.getProperty(KEY);
        if (saved == null) {
            Map<String, String> config = new HashMap<>(new InfrastructureTestResource().start());
            MailboxServiceProcess mailbox = MailboxServiceProcess.shared();
            config.putAll(mailbox.configFor());
            config.put("test.admin-token", mailbox.adminToken());
            config.put("test.kafka", Infrastructure.shared().kafkaBootstrap());
            Properties props = new Properties();
            props.putAll(config);
            StringWriter out = new StringWriter();
            try {
                props.store(out, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(KEY, out.toString());
            saved = out.toString();
        }
        Properties props = new Properties();
        try {
            props.load(new StringReader(saved));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        props.forEach((k, v) -> config.put((String) k, (String) v));
        return config;
    }

    static AdminApi admin() {
        Map<String, String> c = config();
        return new AdminApi(c.get("mail.mailbox-service.url"), c.get("test.admin-token"), c.get("mail.service-token"),
                c.get("test.kafka"));
    }

    static String mailboxUrl() {
        return config().get("mail.mailbox-service.url");
    }

    static String adminToken() {
        return config().get("test.admin-token");
    }

    static String kafkaBootstrap() {
        return config().get("test.kafka");
    }
}
