package dev.mailplatform.imap.session;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.command.CommandRegistry;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.mailboxclient.MailboxClient;
import io.vertx.core.WorkerExecutor;

/** What every session of one node shares: configuration, backends, the blob worker pool and the event hub. */
public record SessionServices(ImapConfig config, MailboxClient mailboxClient, BlobStore blobStore,
        WorkerExecutor blobExecutor, ImapMetrics metrics, CommandRegistry commands, MailboxEventHub events) {
}
