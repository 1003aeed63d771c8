/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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
    java.util.OptionalInt listenerInstances();

    /** Directory for spool files while DATA arrives; defaults to java.io.tmpdir. */
    Optional<String> spoolDirectory();

    /** The inbound MX listener (RFC 5321 relay-to-final-delivery; never relays outward). */
    Listener mx();

    interface Listener {
        @WithDefault("true")
        boolean enabled();

        /** Interface to bind; 0.0.0.0 for all. */
        @WithDefault("0.0.0.0")
        String host();

        /** TCP port; production sets 25, tests 0 (any free port). */
        @WithDefault("1025")
        int port();
    }
}
