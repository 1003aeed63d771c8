/**
 * Connection handling and the IMAP state machine.
 *
 * <p>Implementation notes (invariants):
 * <ul>
 * <li>One command at a time per connection: when a request is dispatched the socket is paused and only resumed
 * after the tagged reply is written. Pipelined bytes wait in the receiver's buffer, bounded by what the client sent
 * before the pause. The only reads during a command are the continuation lines a handler asks for
 * ({@code awaitLine}: AUTHENTICATE responses, IDLE's DONE).</li>
 * <li>All session state is touched only from the connection's event loop. Blocking work (S3 reads and writes) runs
 * on the blob worker pool; Kafka events arrive on the event hub's thread and are handed to the session's own
 * context before they touch anything.</li>
 * <li>Body streaming waits for {@link dev.mailplatform.imap.session.ImapSession#whenWritable()} before each chunk,
 * so a slow reader holds at most one chunk plus the socket's write queue, never a whole message.</li>
 * <li>Writes not caused by the current command: the greeting, the autologout BYE, and changes pushed during IDLE
 * (RFC 2177).</li>
 * <li>Every failure is translated to exactly one reply in {@code ImapSession}: handler code never writes error
 * lines itself. Once part of a FETCH response is on the wire a failure can only be answered with BYE and close.</li>
 * <li>Mailbox changes reach the view only where RFC 9051 §7.5.1 allows them to be announced: EXPUNGE (or VANISHED
 * with QRESYNC) never during FETCH, STORE or SEARCH by sequence number; those commands keep expunged messages in the
 * view and leave the change pending for the next NOOP, CHECK, IDLE or other command. Change events from Kafka only
 * mark the view stale; the mailbox service stays the source of truth.</li>
 * <li>After STARTTLS the receiver's buffer is emptied before the handshake, so plaintext injected behind the command
 * is never executed (RFC 9051 §11.1).</li>
 * </ul>
 */
package dev.mailplatform.imap.session;
