package dev.mailplatform.mailbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Tunables of the mailbox service. Tokens ({@code mail.admin-token}, {@code mail.service-token}) are read separately
 * because every service shares those names.
 */
@ConfigMapping(prefix = "mail.mailbox")
public interface MailboxServiceConfig {

    Auth auth();

    Paging paging();

    Delivery delivery();

    Events events();

    /** Most UIDs one messages/delete call may name: bounds the size of one transaction and its row locks. */
    @WithDefault("10000")
    int maxDeleteUids();

    interface Auth {
        /** Failed logins for one username before further attempts are refused (429) for {@link #lockout()}; stops online guessing. */
        @WithDefault("5")
        int maxFailures();

        /** How long a username stays refused after {@link #maxFailures()}, and how long failures are remembered. */
        @WithDefault("PT5M")
        Duration lockout();

        /** Bound on remembered usernames, so a flood of random usernames cannot exhaust the heap. */
        @WithDefault("100000")
        int maxTrackedUsernames();
    }

    interface Paging {
        @WithDefault("100")
        int defaultLimit();

        /** Upper bound of {@code ?limit}, protecting the database from unbounded list queries. */
        @WithDefault("1000")
        int maxLimit();
    }

    interface Delivery {
        @WithDefault("mailbox-service")
        String consumerGroup();

        /** Records per poll: bounds the work redone after a crash before the offsets commit. */
        @WithDefault("100")
        int maxPollRecords();

        @WithDefault("PT1S")
        Duration pollTimeout();

        /** Pause before retrying a record whose storage failed for a transient reason (database down). */
        @WithDefault("PT2S")
        Duration retryBackoff();

        /** Whether the local-delivery consumer runs in this instance (off for API-only replicas). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Events {
        /** Partitions of the topics this service creates at startup when they do not exist. */
        @WithDefault("3")
        int topicPartitions();

        /** Replication factor of created topics; broker default when unset. */
        Optional<Short> topicReplicationFactor();

        /** How long to wait for the broker to acknowledge a mailbox-changed event. */
        @WithDefault("PT10S")
        Duration publishTimeout();

        /** Whether to create the topics at startup with the Kafka admin client. */
        @WithDefault("true")
        boolean createTopics();
    }
}
