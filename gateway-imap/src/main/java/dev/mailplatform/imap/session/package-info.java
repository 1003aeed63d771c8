/**
 * Connection handling and the IMAP state machine.
 *
 * <p>Implementation notes (invariants):
 * <ul>
 * <li>One command at a time per connection: when a request is dispatched the socket is paused and only resumed
 * after the tagged reply is written. Pipelined bytes wait in the receiver's buffer, bounded by what the client sent
 * before the pause.</li>
 * <li>All session state is touched only from the connection's event loop. Blocking work (S3 reads) runs on the
 * shared blob worker pool; its results come back on the event loop.</li>
 * <li>Body streaming waits for {@link dev.mailplatform.imap.session.ImapSession#whenWritable()} before each chunk,
 * so a slow reader holds at most one chunk plus the socket's write queue, never a whole message.</li>
 * <li>The only untagged writes not caused by the current command are the greeting and the autologout BYE.</li>
 * <li>Every failure is translated to exactly one reply in {@code ImapSession}: handler code never writes error
 * lines itself. Once part of a FETCH response is on the wire a failure can only be answered with BYE and close.</li>
 * <li>Mailbox changes are shown only where RFC 9051 §7.5.1 allows: new messages as EXISTS on FETCH and NOOP,
 * expunges only on NOOP.</li>
 * </ul>
 */
package dev.mailplatform.imap.session;
