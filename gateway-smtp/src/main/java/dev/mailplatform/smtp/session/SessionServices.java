/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.smtp.config.SmtpConfig;
import dev.mailplatform.smtp.directory.RecipientDirectory;
import dev.mailplatform.smtp.inbound.InboundAuthenticator;
import dev.mailplatform.smtp.server.SmtpMetrics;
import dev.mailplatform.smtp.spool.MessageAcceptor;
import dev.mailplatform.smtp.spool.SpoolArea;
import io.vertx.core.Vertx;

/** What every session and handler of a gateway instance shares. */
public record SessionServices(Vertx vertx, SmtpConfig config, String hostname, SpoolArea spoolArea,
        MailboxClient mailboxClient, RecipientDirectory recipients, MessageAcceptor acceptor, SmtpMetrics metrics, AuthFailureTracker authFailures,
        InboundAuthenticator inboundAuth) {
}
