/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything the POP3 gateway can be tuned with, under {@code mail.pop3.*}; validated at startup. */
@ConfigMapping(prefix = "mail.pop3")
public interface Pop3Config {

    /** Bind address of the plain-text listener. */
    @WithDefault("0.0.0.0")
    String host();

    /**
     * Plain-text listener port with STLS (RFC 1939 §3 assigns 110; 1110 avoids needing root locally). 0 picks a
     * free port.
     */
    @WithDefault("1110")
    int port();

    /** Implicit-TLS listener port (RFC 8314 §3.3 assigns 995; 1995 locally). 0 picks a free port. */
    @WithDefault("1995")
    int tlsPort();

    /**
     * Where USER/PASS and AUTH may be used before TLS. RFC 2595 §2 and RFC 8314 §3 say passwords must not cross the
     * network in clear: {@code never} (default) requires STLS or port 995; {@code loopback} also allows connections
     * from the same host (the local stack, a sidecar); {@code always} is for tests of legacy clients only.
     */
    @WithDefault("never")
    PlaintextAuth plaintextAuth();

    enum PlaintextAuth {
        NEVER, LOOPBACK, ALWAYS
    }

    /**
     * Longest command line accepted, CRLF included. RFC 2449 §4 caps commands at 255 octets; a longer line is
     * answered "-ERR line too long" without being buffered.
     */
    @WithDefault("255")
    int maxLineLength();

    /**
     * Longest AUTH command line or SASL client response, CRLF included. RFC 5034 §4 exempts them from the 255-octet
     * limit, since a base64 PLAIN response with a long password does not fit; the bound still stops memory abuse.
     */
    @WithDefault("2048")
    int maxAuthLineLength();

    /**
     * Minimum time between two logins to the same maildrop, advertised as CAPA LOGIN-DELAY and enforced with
     * -ERR [LOGIN-DELAY] (RFC 2449 §6.8, §8.1.2). Protects the mailbox service from clients polling every few
     * seconds. 0 disables it. Enforced per gateway instance (a client that alternates between instances can poll up
     * to N times as often).
     */
    @WithDefault("0s")
    Duration loginDelay();

    /**
     * CAPA EXPIRE value (RFC 2449 §6.7): "NEVER" since this server never removes a message the client has not
     * deleted; a number of days if an operator adds server-side expiry.
     */
    @WithDefault("NEVER")
    String expire();

    Lease lease();

    Retention retention();

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

    /**
     * Bytes of message bodies kept in memory so that a RETR or TOP of a recently read message does not go to object
     * storage again (bodies are immutable under their content address, so a copy is never stale); 0 disables.
     */
    @WithDefault("67108864")
    long blobCacheBytes();

    /** Largest body the cache keeps; larger ones are always streamed from object storage. */
    @WithDefault("1048576")
    long blobCacheMaxEntryBytes();

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

        /**
         * Failed logins from one remote address, across connections, after which that address is refused for
         * {@link #lockoutDuration()} (temporary lockout against password spraying). Per gateway instance; the
         * mailbox service also locks a username after repeated failures.
         */
        @WithDefault("20")
        int lockoutFailures();

        /** How long an address stays refused once locked out; also the window in which failures are counted. */
        @WithDefault("5m")
        Duration lockoutDuration();
    }

    /**
     * The exclusive-access lock on a maildrop (RFC 1939 §8: a second session gets -ERR [IN-USE], RFC 2449 §8.1.1).
     * It lives in the mailbox service, so it also holds across gateway instances.
     */
    interface Lease {
        /** Lease lifetime; a crashed gateway's sessions stop blocking their maildrops after this. */
        @WithDefault("60s")
        Duration ttl();

        /** How often a live session renews its lease; must be well below {@link #ttl()}. */
        @WithDefault("20s")
        Duration renewEvery();
    }

    /** Whether DELE really deletes (the default) or keeps a copy on the server, per tenant. */
    interface Retention {
        /** Policy for tenants without an entry in {@link #tenants()}. */
        @WithName("default")
        @WithDefault("delete")
        Policy defaultPolicy();

        /** Per-tenant override, keyed by tenant id: {@code mail.pop3.retention.tenants.<tenantId>=keep}. */
        Map<String, Policy> tenants();

        /**
         * The IMAP keyword that marks a message "deleted over POP3" under the keep policy: it stays readable over
         * IMAP, and POP3 sessions leave it out of their snapshot.
         */
        @WithDefault("$POP3Deleted")
        String keptKeyword();

        enum Policy {
            DELETE, KEEP
        }
    }
}
