/* Mail platform. Licensed under the Apache License 2.0. */
/**
 * POP3 connection and state machine.
 *
 * <p>Implementation notes (invariants every change must keep):
 * <ul>
 * <li>All session state is touched on the connection's event loop only. Blocking work (reading bodies from S3) runs
 * on {@link dev.mailplatform.pop3.session.SessionServices#blobWorkers()} and comes back through futures.</li>
 * <li>One command at a time: the socket is paused while a command runs and resumed once the framer has no complete
 * line left. Pipelined lines (RFC 2449 §6.6 PIPELINING) wait in the bounded framer and are answered in order.</li>
 * <li>Before the next command runs, the socket's write queue must be below its limit (back-pressure on replies).
 * Message bodies stream chunk by chunk and wait for {@code drainHandler} when the queue is full, so no message is
 * held whole in memory.</li>
 * <li>Every command ends with exactly one status line, one log line at debug level and one metrics event. Failures
 * are translated in one place ({@code Pop3Session#fail}); once a multi-line body has started, an error can only close
 * the connection, because the client cannot tell a truncated body from a complete one otherwise.</li>
 * <li>Deletions are only sent to the mailbox service by QUIT in TRANSACTION (RFC 1939 §6), in one request, and the
 * maildrop lease is released only after that request has completed. A dropped connection deletes nothing and
 * releases the lease; a lost lease closes the session without committing.</li>
 * <li>TRANSACTION implies a held maildrop lease (RFC 1939 §8): it is taken before the snapshot, renewed on a timer
 * while the session lives, and expires by itself if this instance dies.</li>
 * <li>STLS (RFC 2595 §4): after its +OK, every octet already buffered or arriving before the handshake completes is
 * dropped, never parsed. The session starts over in AUTHORIZATION, secure.</li>
 * <li>Passwords (USER/PASS, AUTH PLAIN/LOGIN) are accepted only where {@code PlaintextPolicy} allows: under TLS, or
 * in clear on loopback when configured. SASL responses are read one line at a time through
 * {@code Pop3Session#awaitLine} and never logged.</li>
 * </ul>
 */
package dev.mailplatform.pop3.session;
