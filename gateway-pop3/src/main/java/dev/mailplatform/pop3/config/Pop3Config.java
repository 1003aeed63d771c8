/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the POP3 gateway can be tuned with, under {@code mail.pop3.*}; validated at startup. */
@ConfigMapping(prefix = "mail.pop3")
public interface Pop3Config {

    /** Bind address of the plain-text listener. */
    @WithDefault("0.0.0.0")
    String host();

    /** Plain-text listener port (RFC 1939 §3 assigns 110; 1110 avoids needing root locally). 0 picks a free port. */
    @WithDefault("1110")
    int port();

    /**
     * Whether USER/PASS is offered on a connection without TLS. RFC 2595 §2 and RFC 8314 say cleartext passwords
     * should not cross the network; true only until STLS/995 exist, for the local stack.
     */
    @WithDefault("true")
    boolean allowPlaintextAuth();

    /**
     * Longest command line accepted, CRLF included. RFC 2449 §4 caps commands at 255 octets; a longer line is
     * answered "-ERR line too long" without being buffered.
     */
    @WithDefault("255")
    int maxLineLength();

    /**
     * Inactivity before the server closes the connection. RFC 1939 §3: an autologout timer MUST be at least 10
     * minutes; shorter values are only meant for tests.
     */
    @WithDefault("10m")
    Duration idleTimeout();

    Auth auth();

    /** Bytes read from object storage per step of a RETR/TOP; also the bound on body bytes held per connection. */
    @WithDefault("65536")
    int retrChunkSize();

    /** Socket write queue (bytes) above which streaming pauses until the client reads (back-pressure). */
    @WithDefault("131072")
    int writeQueueMaxSize();

    /** Worker threads that read message bodies from object storage (blocking S3 client). */
    @WithDefault("16")
    int blobIoThreads();

    /** Event loops serving POP3 connections; defaults to twice the processor count. */
    Optional<Integer> eventLoopInstances();

    /** Text after +OK in the greeting; no host or version is revealed unless configured. */
    @WithDefault("POP3 server ready")
    String greeting();

    /** Sent in CAPA IMPLEMENTATION (RFC 2449 §6.9). */
    @WithDefault("mail-platform")
    String implementation();

    interface Auth {
        /** Delay before answering a failed PASS, slowing password guessing (RFC 1939 §13). */
        @WithDefault("1s")
        Duration failureDelay();

        /** Failed PASS attempts after which the connection is closed. */
        @WithDefault("3")
        int maxFailures();
    }
}
