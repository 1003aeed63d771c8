/* Mail platform. Licensed under the Apache License 2.0. */
/**
 * SMTP session: connection handling and the state machine.
 *
 * <p>Implementation notes (invariants):
 * <ul>
 * <li>One command at a time per connection. While a handler's future is pending the socket is paused; pipelined
 * bytes (RFC 2920) wait in the {@code SmtpReceiver}, which holds at most one line beyond what one read delivered.
 * Replies are therefore written in command order.</li>
 * <li>Everything of a session runs on its Vert.x event-loop context. Blocking work (S3 upload, Kafka send, SPF/DKIM
 * DNS lookups) runs on worker threads; a message is spooled on the heap up to a bound and to an {@code AsyncFile}
 * beyond it.</li>
 * <li>"250 queued" is written only after S3 and Kafka both acknowledged. Any failure on that path answers
 * "451 4.3.0" and publishes nothing; the spool is discarded (its file deleted, its heap given back) on every path,
 * including a dropped connection.</li>
 * <li>Every error reply, including ones for unparsable input, goes through {@code SmtpSession#reply} which counts
 * it; past the configured error limit the session ends with 421.</li>
 * <li>The receiver leaves DATA mode only at CRLF.CRLF. Bare CR/LF taints the message (550 5.6.0 after the end)
 * but never ends it, which is what defeats SMTP smuggling. BDAT content of 7BIT/8BITMIME messages gets the same
 * line-ending check, so a stored message can never smuggle on the next hop.</li>
 * <li>A BDAT line switches the receiver to the chunk before the command is handled: the chunk is consumed as data
 * whatever the reply (RFC 3030 §2), and its octets can never be read as commands.</li>
 * <li>STARTTLS (RFC 3207): after "220 Ready" the receiver's buffer is dropped and every byte that arrives before the
 * handshake completes is discarded (CVE-2011-0411); afterwards the session is back in Connected and has no
 * identity. TLS and the AUTH identity are session fields rather than state data because they outlive mail
 * transactions; only STARTTLS resets them.</li>
 * <li>AUTH responses (SASL continuation lines) are handed to the waiting mechanism, never parsed as commands and
 * never logged.</li>
 * </ul>
 */
package dev.mailplatform.smtp.session;
