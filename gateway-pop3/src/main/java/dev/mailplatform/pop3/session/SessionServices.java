/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import dev.mailplatform.blobstore.BlobCache;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.pop3.config.Pop3Config;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * What the command handlers of every session share. {@code blobWorkers} is the only place {@link BlobStore} may be
 * called from, because the S3 client blocks; {@code blobCache} reads through it and likewise blocks (only its
 * {@code cached} look-up does not). {@code instanceId} tells this gateway's maildrop leases apart from those of other
 * instances; {@code loginDelays} and {@code lockout} are per-instance login guards.
 */
public record SessionServices(Vertx vertx, Pop3Config config, MailboxClient mailbox, BlobStore blobStore,
        BlobCache blobCache, WorkerExecutor blobWorkers, Pop3Metrics metrics, String instanceId,
        LoginDelays loginDelays, AuthLockout lockout) {
}
