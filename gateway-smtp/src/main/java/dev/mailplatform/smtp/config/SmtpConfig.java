/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Every limit of the SMTP gateway, with safe defaults. Validated at startup by {@link SmtpConfigValidator}. */
@ConfigMapping(prefix = "mail.smtp")
public interface SmtpConfig {

    /** Name used in the greeting and the Received header; defaults to the machine's host name. */
    Optional<String> hostname();

    /**
     * Longest command line accepted, counting CRLF. RFC 5321 §4.5.3.1.4 sets 512 as the minimum; longer lines are
     * answered "500 5.5.2" and discarded as they arrive so a client cannot make the gateway buffer them.
     */
    @WithDefault("1000")
    int maxLineLength();

    /** Largest message accepted (RFC 1870 SIZE, advertised in EHLO). Protects the spool disk and S3. */
    @WithDefault("26214400")
    long maxMessageSize();

    /** Recipients per transaction; more get "452 4.5.3" (RFC 5321 §4.5.3.1.8 requires at least 100). */
    @WithDefault("100")
    int maxRecipients();

    /** A session silent for this long gets "421 4.4.2" and is closed (RFC 5321 §4.5.3.2.7 suggests 5 minutes). */
    @WithDefault("5m")
    Duration idleTimeout();

    /**
     * Longest time one DATA transfer or one BDAT chunk may take, however steadily the bytes trickle in; stops slow
     * clients from holding a spool file and a connection slot forever (RFC 5321 §4.5.3.2.6 suggests 10 minutes for
     * the end of data).
     */
    @WithDefault("10m")
    Duration dataTimeout();

    /** Commands per session before "421 4.7.0": stops clients that loop forever on one connection. */
    @WithDefault("1000")
    int maxCommands();

    /** Error replies per session before "421 4.7.0": stops address harvesting and protocol fuzzing. */
    @WithDefault("20")
    int maxErrors();

    /** Concurrent sessions on one gateway instance; more get "421 4.7.0" at connect. */
    @WithDefault("1000")
    int maxConnections();

    /** Concurrent sessions from one remote IP address; more get "421 4.7.0" at connect. */
    @WithDefault("20")
    int maxConnectionsPerIp();

    /** Time allowed for storing a message durably (S3 upload plus Kafka acknowledgement) before "451 4.3.0". */
    @WithDefault("60s")
    Duration acceptTimeout();

    /** Event loops (listener instances sharing each port); defaults to the number of CPUs. */
    OptionalInt listenerInstances();

    /** Directory for spool files while DATA arrives; defaults to java.io.tmpdir. */
    Optional<String> spoolDirectory();

    /**
     * A message up to this size is collected on the heap instead of in a spool file (at most this much heap per
     * session receiving data); a larger one moves to a file once it passes the mark. 0 spools every message to disk.
     */
    @WithDefault("262144")
    int spoolMemoryBytes();

    /**
     * Heap all messages being received may hold together (the bound that matters when many sessions send at once);
     * once it is used up, new content goes to spool files whatever its size.
     */
    @WithDefault("67108864")
    long spoolMemoryTotalBytes();

    /**
     * How long an address that resolved to a local account is remembered for RCPT TO (and the submission sender
     * check) without asking the mailbox service again; 0 asks every time. Unknown addresses are never remembered.
     */
    @WithDefault("60s")
    Duration recipientCacheTtl();

    /** Most addresses remembered by the recipient cache. */
    @WithDefault("100000")
    int recipientCacheSize();

    /** The inbound MX listener (RFC 5321 relay-to-final-delivery; never relays outward). Offers STARTTLS. */
    Mx mx();

    /** Message submission (RFC 6409, port 587): STARTTLS, then AUTH before MAIL. */
    Submission submission();

    /** Message submission over implicit TLS (RFC 8314 §3.3, port 465). */
    Submissions submissions();

    /** SMTP AUTH (RFC 4954) on the submission listeners. */
    Auth auth();

    /** Resolvers for SPF, DKIM and DMARC ("host" or "host:port"); empty means the system's resolvers. */
    Optional<List<String>> dnsServers();

    /** Time allowed for one DNS query of the inbound checks before it counts as a temporary error. */
    @WithDefault("5s")
    Duration dnsTimeout();

    /** SPF, DKIM and DMARC on the MX listener, and what to do with failures. */
    @WithName("auth-policy")
    AuthPolicy authPolicy();

    interface Mx {
        @WithDefault("true")
        boolean enabled();

        /** Interface to bind; 0.0.0.0 for all. */
        @WithDefault("0.0.0.0")
        String host();

        /** TCP port; production sets 25, tests 0 (any free port). */
        @WithDefault("1025")
        int port();
    }

    interface Submission {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        /** TCP port; production sets 587. */
        @WithDefault("1587")
        int port();
    }

    interface Submissions {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        /** TCP port; production sets 465. */
        @WithDefault("1465")
        int port();
    }

    interface Auth {
        /**
         * Allow AUTH without TLS when the client connects from a loopback address (a local relay or a sidecar).
         * Anywhere else credentials only travel encrypted (RFC 4954 §4, RFC 8314 §3).
         */
        @WithDefault("false")
        boolean allowPlaintextOnLoopback();

        /** Failed AUTH attempts in one session before "421 4.7.0" closes it: stops password guessing per session. */
        @WithDefault("3")
        int maxFailuresPerSession();

        /** Failed AUTH attempts from one IP address within {@link #failureWindow()} before a lockout. */
        @WithDefault("10")
        int maxFailuresPerIp();

        /** How long failures from one IP are remembered. */
        @WithDefault("15m")
        Duration failureWindow();

        /** How long a locked-out IP gets "454 4.7.0" for every AUTH, whatever the credentials. */
        @WithDefault("15m")
        Duration lockout();
    }

    interface AuthPolicy {
        /** Check SPF, DKIM and DMARC on the MX listener and add Authentication-Results (RFC 8601). */
        @WithDefault("true")
        boolean enabled();

        /**
         * What to do when DMARC fails and the sender's domain publishes p=reject: "mark" only records the result in
         * Authentication-Results, "reject" answers "550 5.7.1" (RFC 7489 §6.7).
         */
        @WithName("default")
        @WithDefault("mark")
        AuthAction defaultAction();

        /** Per-tenant override of {@link #defaultAction()}, keyed by tenant id (the mailbox service has no field). */
        Map<String, AuthAction> tenants();
    }

    enum AuthAction {
        MARK, REJECT
    }
}
