package dev.mailplatform.mailbox.events;

import dev.mailplatform.contracts.Topics;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics this service consumes and produces when they are missing, so a fresh cluster (or a broker with
 * auto-creation disabled, as production brokers should have) works. Existing topics are left alone.
 */
public final class TopicInitializer {
    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    private TopicInitializer() {
    }

    public static void ensureTopics(String bootstrapServers, MailboxServiceConfig.Events config) {
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        Optional<Short> replication = config.topicReplicationFactor();
        try (Admin admin = Admin.create(props)) {
            for (String topic : List.of(Topics.DELIVER_LOCAL, Topics.MAILBOX_CHANGED, Topics.DELIVERY_FAILED)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(config.topicPartitions()), replication)))
                            .all().get(20, TimeUnit.SECONDS);
                    LOG.infof("created topic %s with %d partitions", topic, config.topicPartitions());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        LOG.debugf("topic %s exists", topic);
                    } else {
                        LOG.warnf("could not create topic %s (%s); relying on broker auto-creation", topic,
                                e.getCause() == null ? e : e.getCause().toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("could not check topics: %s; relying on broker auto-creation", e.toString());
        }
    }
}
