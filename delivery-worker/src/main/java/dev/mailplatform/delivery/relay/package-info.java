/**
 * Remote relay: MX delivery with retries, bounces and DKIM.
 *
 * <p>Implementation notes (the invariants the code relies on):
 * <ul>
 * <li>A record is finished only when everything it caused is acknowledged by Kafka (acks=all): the journal entry of
 * its finished recipients, its DSN, its retry record. Only then may its offset be committed; offsets commit at the
 * lowest unfinished record of each partition, so records finish in any order.</li>
 * <li>A recipient is written to the journal as soon as its outcome is final (250 after the final ".", 5xx, expiry).
 * Before relaying a batch the consumer waits until the journal view has read everything acknowledged so far, and a
 * relay task skips every recipient the journal lists: a re-run after a crash or a duplicate retry record never sends
 * an accepted recipient again (RFC 5321 §6.1 still allows a duplicate when the connection breaks after the final "."
 * and before its reply).</li>
 * <li>A retry waits in the topic of its stage. A record that is not due pauses its partition and seeks back to
 * itself; no thread sleeps, other partitions and stages keep flowing.</li>
 * <li>Per destination domain: at most {@code max-connections-per-domain} transactions at once and a token bucket of
 * messages per minute; a domain at its limit queues its own tasks without holding a thread.</li>
 * <li>SMTP sockets are blocking and run on the relay's own threads, never on a Vert.x event loop.</li>
 * <li>No DSN ever goes to the null reverse-path, and DSNs are sent with the null reverse-path: no bounce loops.</li>
 * </ul>
 */
package dev.mailplatform.delivery.relay;
