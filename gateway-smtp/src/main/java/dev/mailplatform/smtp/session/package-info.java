/* Mail platform. Licensed under the Apache License 2.0. */
/**
 * SMTP session: connection handling and the state machine.
 *
 * <p>Implementation notes (invariants):
 * <ul>
 * <li>One command at a time per connection. While a handler's future is pending the socket is paused; pipelined
 * bytes (RFC 2920) wait in the {@code SmtpReceiver}, which holds at most one line beyond what one read delivered.
 * Replies are therefore written in command order.</li>
 * <li>Everything of a session runs on its Vert.x event-loop context. Blocking work (S3 upload, Kafka send) runs on
 * worker threads in {@code MessageAcceptor}; spool writes use {@code AsyncFile}.</li>
 * <li>"250 queued" is written only after S3 and Kafka both acknowledged. Any failure on that path answers
 * "451 4.3.0" and publishes nothing; the spool file is deleted on every path, including a dropped connection.</li>
 * <li>Every error reply, including ones for unparsable input, goes through {@code SmtpSession#reply} which counts
 * it; past the configured error limit the session ends with 421.</li>
 * <li>The receiver leaves DATA mode only at CRLF.CRLF. Bare CR/LF taints the message (550 5.6.0 after the end)
 * but never ends it, which is what defeats SMTP smuggling.</li>
 * </ul>
 */
package dev.mailplatform.smtp.session;
