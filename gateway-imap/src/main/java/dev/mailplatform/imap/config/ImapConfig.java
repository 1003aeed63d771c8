package dev.mailplatform.imap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every limit of the IMAP gateway, under {@code mail.imap.*} (environment: {@code MAIL_IMAP_*}). */
@ConfigMapping(prefix = "mail.imap")
public interface ImapConfig {
    /** Address the plain IMAP listener binds to. */
    @WithDefault("0.0.0.0")
    String host();

    /** Port of the plain IMAP listener (143 in production behind a port mapping; 0 picks a free port). */
    @WithDefault("1143")
    int port();

    /** Port of the IMAPS listener with implicit TLS (993 in production; 0 picks a free port; -1 disables it). */
    @WithDefault("1993")
    int tlsPort();

    /**
     * Event-loop instances serving the listener; each connection stays on one. 0 means one per CPU core.
     * Forced to 1 when {@link #port()} is 0 so all instances share the same random port.
     */
    @WithDefault("0")
    int instances();

    /** Longest command line in octets, literals excluded: protects memory from endless lines. */
    @WithDefault("65536")
    int maxLineLength();

    /** Largest literal (and sum of literals of one command) in octets; larger ones get NO [TOOBIG] unread. */
    @WithDefault("33554432")
    long maxLiteralSize();

    /** RFC 9051 §5.4 autologout: an idle connection gets BYE after this; the RFC asks for at least 30 minutes. */
    @WithDefault("30M")
    Duration idleTimeout();

    /**
     * Whether LOGIN and AUTHENTICATE are accepted without TLS from a loopback client (a local stack, a sidecar);
     * remote clients always need TLS first (RFC 9051 §6.2.3, LOGINDISABLED). Protects passwords on the wire.
     */
    @WithDefault("true")
    boolean allowPlaintextAuth();

    /** Failed LOGINs on one connection before it is closed: slows password guessing. */
    @WithDefault("3")
    int maxAuthFailures();

    /** Octets read from S3 and written to the socket per step while streaming a body. */
    @WithDefault("65536")
    int bodyChunkSize();

    /**
     * Bytes of message bodies kept in memory so that FETCH BODY[] of a recently read message does not go to S3 again
     * (bodies are immutable under their content address, so a copy is never stale); 0 disables.
     */
    @WithDefault("67108864")
    long blobCacheBytes();

    /** Largest body the cache keeps; larger ones are always streamed from S3. */
    @WithDefault("1048576")
    long blobCacheMaxEntryBytes();

    /** Worker threads that read bodies from S3 (the S3 SDK blocks). */
    @WithDefault("16")
    int blobIoThreads();

    /** Octets of a header read into memory for BODY[HEADER.FIELDS ...] filtering; larger headers are cut there. */
    @WithDefault("262144")
    int maxHeaderSize();

    /** Largest part decoded in memory for BINARY[] / BINARY.SIZE[] (RFC 3516); larger parts get NO [LIMIT]. */
    @WithDefault("33554432")
    long maxBinaryDecodeSize();

    /** Socket write queue high-water mark in octets: above it, body streaming waits for the client to read. */
    @WithDefault("262144")
    int writeQueueMaxSize();
}
