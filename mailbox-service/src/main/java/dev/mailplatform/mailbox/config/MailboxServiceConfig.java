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

    Mime mime();

    Blobs blobs();

    Leases leases();

    History history();

    /** Largest message APPEND accepts (413 above it): bounds what one client can make the parser read. */
    @WithDefault("52428800")
    long maxMessageSize();

    /** Most messages a SEARCH may return per request; protects the service from unbounded answers. */
    @WithDefault("1000000")
    int maxSearchResults();

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

        /**
         * Failed logins from one client address (across usernames) before that address is refused (429) for
         * {@link #lockout()}: stops password spraying, where each username only sees a few failures.
         */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /**
         * Accounts whose last successful password stays remembered (as a keyed hash) so a repeated login skips
         * bcrypt; 0 disables. A password change invalidates the entry by itself.
         */
        @WithDefault("100000")
        int verifiedCacheSize();

        /** How long a verified password is remembered. */
        @WithDefault("PT15M")
        Duration verifiedCacheTtl();
    }

    interface Mime {
        /** Largest body read from S3 and parsed; bigger messages get a degraded single-part structure. */
        @WithDefault("52428800")
        int maxParseBytes();

        /** Deepest MIME nesting parsed; deeper parts are opaque leaves (nesting bombs). */
        @WithDefault("20")
        int maxDepth();

        /** Most MIME parts parsed per message (part bombs). */
        @WithDefault("500")
        int maxParts();

        /** Header text kept for SEARCH HEADER / TEXT, in characters. */
        @WithDefault("16384")
        int maxHeaderChars();

        /** Body text kept for SEARCH BODY / TEXT, in characters: bounds the index size per message. */
        @WithDefault("65536")
        int maxTextChars();
    }

    interface Blobs {
        /** Whether this instance runs the blob garbage collector (safe to run on every replica). */
        @WithDefault("true")
        boolean gcEnabled();

        /**
         * How long a blob nobody references is kept before it is deleted: covers a delivery whose body was uploaded
         * but whose event has not been stored yet.
         */
        @WithDefault("PT1H")
        Duration gcGracePeriod();

        /** Most blobs examined per collector run, bounding one run's transaction time. */
        @WithDefault("500")
        int gcBatchSize();
    }

    interface History {
        /** Whether this instance prunes expunge tombstones and delivery claims (safe to run on every replica). */
        @WithDefault("true")
        boolean pruneEnabled();

        /**
         * How long expunge tombstones (QRESYNC's VANISHED) and delivery claims (a redelivered Kafka record's no-op)
         * are kept. Must exceed the retention of the delivery topic: a record older than its claim would be stored
         * twice if it came back. A QRESYNC client that was away longer gets every UID the mailbox no longer has.
         */
        @WithDefault("P30D")
        Duration retention();

        /** Most rows of each kind one pruner transaction deletes, bounding its locks and its WAL. */
        @WithDefault("10000")
        int pruneBatchSize();
    }

    interface Leases {
        /** Longest POP3 maildrop lease; a crashed gateway's lease expires after at most this long. */
        @WithDefault("PT1H")
        Duration maxTtl();
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

        /** Threads that read and parse message bodies of one poll batch in parallel before the batch is stored. */
        @WithDefault("8")
        int parseThreads();

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
