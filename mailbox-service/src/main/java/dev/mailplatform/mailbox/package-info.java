/**
 * The mailbox service: source of truth for tenants, domains, accounts, mailboxes and messages.
 *
 * <p>Implementation notes (invariants every change must keep):
 * <ul>
 * <li>Threads. Every REST method is a plain blocking JAX-RS method, which Quarkus REST runs on a worker thread; JDBC
 * ({@code db.Database}) and bcrypt ({@code auth.PasswordHasher}) are only ever called from those threads or from the
 * local-delivery consumer thread, never from a Vert.x event loop. The bearer-token filter runs pre-matching and does
 * no I/O.</li>
 * <li>UIDs and MODSEQs. Any change to a mailbox's messages first locks the mailbox row ({@code SELECT ... FOR
 * UPDATE}) and updates uid_next / highest_modseq / counts in the same transaction, so they are always exact.</li>
 * <li>Effects order. Database commit, then the mailbox-changed event (acks=all), then, for the consumer, the Kafka
 * offset. Deliveries are idempotent by (account, delivery id), so every crash window ends in a redelivery that is
 * recognised as a duplicate.</li>
 * <li>Content. MIME is parsed once per (tenant, blob key) at delivery or append ({@code mime.MimeParser}) into the
 * {@code blobs} row, which also holds the reference count; every message insert and delete adjusts that count in the
 * same transaction, and {@code blob.BlobCollector} deletes S3 objects only under the rules written there.</li>
 * <li>Delivery batches. The consumer stores a whole poll in one transaction (per-record idempotency is unchanged);
 * any failure falls back to record-by-record processing, so a poison record never blocks the others.</li>
 * <li>Events. Every committed change of the API publishes mailbox-changed events after the commit; a broker failure
 * there is logged, not turned into an error, because the change itself is durable.</li>
 * <li>Errors. Expected failures are {@code api.ApiException}; every answer that is not 2xx is an {@code ApiError}
 * JSON body produced in {@code api.ApiExceptionMappers}, never a stack trace.</li>
 * </ul>
 */
package dev.mailplatform.mailbox;
