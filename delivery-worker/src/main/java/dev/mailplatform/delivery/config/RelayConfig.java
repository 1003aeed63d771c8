package dev.mailplatform.delivery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Remote relay (MX delivery), retries and bounces. Every limit has a safe default. */
@ConfigMapping(prefix = "mail.relay")
public interface RelayConfig {
    /** Port of the remote MX (RFC 5321 §4.5.4: 25). Only tests change it. */
    @WithDefault("25")
    int smtpPort();

    /**
     * Resolvers to ask ({@code host} or {@code host:port}); empty uses the system's. Tests point it at a DNS server on
     * loopback.
     */
    Optional<List<String>> dnsServers();

    /** Per DNS query; a timeout counts as a transient failure (retried later, never a bounce). */
    @WithDefault("PT5S")
    Duration dnsTimeout();

    /** Name in EHLO and in the Reporting-MTA of DSNs; defaults to the host's canonical name. */
    Optional<String> heloName();

    /** TCP connect to one MX address. */
    @WithDefault("PT30S")
    Duration connectTimeout();

    /** Waiting for any reply (RFC 5321 §4.5.3.2 asks for at least 5 minutes for most commands). */
    @WithDefault("PT5M")
    Duration commandTimeout();

    /** Waiting for the reply to the final "." of DATA (RFC 5321 §4.5.3.2.6: 10 minutes). */
    @WithDefault("PT10M")
    Duration dataTimeout();

    /** Longest reply line accepted from a peer; protects against a peer that never sends CRLF. */
    @WithDefault("8192")
    int maxReplyLineLength();

    /** MX hosts tried per attempt (RFC 5321 §5.1 asks to try more than one when there are several). */
    @WithDefault("5")
    int maxMxHosts();

    /** Opportunistic STARTTLS (RFC 3207 / RFC 7435) when the peer offers it. */
    @WithDefault("true")
    boolean starttls();

    /** Threads that run SMTP transactions (blocking sockets: never an event loop). */
    @WithDefault("32")
    int threads();

    /** Simultaneous connections to one destination domain, so one slow domain cannot take every thread. */
    @WithDefault("4")
    int maxConnectionsPerDomain();

    /** Messages per minute to one destination domain (token bucket). */
    @WithDefault("600")
    int messagesPerMinutePerDomain();

    /** Records of one partition being relayed at once; the partition is paused beyond this. */
    @WithDefault("200")
    int maxInFlightPerPartition();

    /** How long an idle connection to an MX is kept for the next message to the same MX. */
    @WithDefault("PT30S")
    Duration connectionIdleTimeout();

    /** Messages sent over one connection before it is closed (limits the damage of a peer's leak). */
    @WithDefault("100")
    int maxMessagesPerConnection();

    /** Largest message read from S3 into memory for relaying (and DKIM hashing). */
    @WithDefault("52428800")
    long maxMessageSize();

    /**
     * How often finished offsets are committed. Longer means fewer commits and more records re-run after a crash
     * (the journal keeps re-runs from sending anything twice).
     */
    @WithDefault("PT1S")
    Duration commitInterval();

    /** The Kafka consumer group of the relay. */
    @WithDefault("delivery-worker-relay")
    String groupId();

    /**
     * PEM file of extra trusted CA or self-signed certificates, added to the JDK's, for authenticated TLS (MTA-STS
     * policy fetch and enforced MX connections). For private test networks.
     */
    Optional<String> trustedCertificates();

    Retry retry();

    Dkim dkim();

    MtaSts mtaSts();

    interface MtaSts {
        /** Honour MTA-STS policies (RFC 8461): enforce mode requires a listed MX and valid TLS. */
        @WithDefault("true")
        boolean enabled();

        /** Port of the policy host (RFC 8461 §3.3: 443). Only tests change it. */
        @WithDefault("443")
        int httpsPort();

        /** Connect and read timeout of the policy fetch (RFC 8461 §3.3 suggests about a minute at most). */
        @WithDefault("PT10S")
        Duration timeout();
    }

    interface Retry {
        /**
         * Delay before attempt 2, 3, ...; the last one repeats until expiry. Each delay is a retry topic, so records
         * waiting their turn never hold up other partitions.
         */
        @WithDefault("PT1M,PT5M,PT15M,PT1H,PT4H")
        List<Duration> schedule();

        /** Random share (0..1) added to or taken from each delay so retries of a burst spread out. */
        @WithDefault("0.1")
        double jitter();

        /** After this age a message still deferred bounces with 4.4.7 (RFC 3463). */
        @WithDefault("P5D")
        Duration expiry();

        /** After this age a deferral sends one "delayed" DSN to senders who asked for it (RFC 3461 NOTIFY=DELAY). */
        @WithDefault("PT4H")
        Duration delayNoticeAfter();

        /** Pause before re-running a record whose processing failed for an internal reason (S3, Kafka down). */
        @WithDefault("PT5S")
        Duration internalErrorBackoff();
    }

    interface Dkim {
        /** Sign mail of tenants' domains (RFC 6376). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Keys given in config, by domain: {@code selector:algorithm:base64 PKCS#8}. Used before asking the mailbox
         * service (for tests and for domains whose keys are managed outside the platform).
         */
        Map<String, String> staticKeys();

        /** How long a key (or its absence) fetched from the mailbox service is reused. */
        @WithDefault("PT5M")
        Duration cacheTtl();

        /** Header fields signed when present (RFC 6376 §5.4.1). */
        @WithDefault("from,to,cc,subject,date,message-id,reply-to,in-reply-to,references,mime-version,content-type,content-transfer-encoding,list-id,list-unsubscribe")
        List<String> headers();
    }
}
