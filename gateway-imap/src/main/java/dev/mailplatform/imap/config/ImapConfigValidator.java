package dev.mailplatform.imap.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Checks {@link ImapConfig} at startup so a bad value fails fast instead of misbehaving under load. */
public final class ImapConfigValidator {
    private static final Logger LOG = Logger.getLogger(ImapConfigValidator.class);

    private ImapConfigValidator() {
    }

    public static void validate(ImapConfig c) {
        List<String> errors = new ArrayList<>();
        if (c.port() < 0 || c.port() > 65535) {
            errors.add("mail.imap.port must be 0..65535");
        }
        // RFC 9051 §4: clients may send long lines (e.g. UID sets); below 1000 octets real clients break
        if (c.maxLineLength() < 1000) {
            errors.add("mail.imap.max-line-length must be at least 1000 octets (RFC 9051 §4)");
        }
        if (c.maxLiteralSize() < 1024) {
            errors.add("mail.imap.max-literal-size must be at least 1024 octets");
        }
        if (c.idleTimeout().isNegative() || c.idleTimeout().isZero()) {
            errors.add("mail.imap.idle-timeout must be positive");
        } else if (c.idleTimeout().compareTo(Duration.ofMinutes(30)) < 0) {
            LOG.warnf("mail.imap.idle-timeout %s is below the 30 minutes RFC 9051 §5.4 requires", c.idleTimeout());
        }
        if (c.maxAuthFailures() < 1) {
            errors.add("mail.imap.max-auth-failures must be at least 1");
        }
        if (c.bodyChunkSize() < 512 || c.bodyChunkSize() > 16 * 1024 * 1024) {
            errors.add("mail.imap.body-chunk-size must be 512..16777216");
        }
        if (c.blobIoThreads() < 1) {
            errors.add("mail.imap.blob-io-threads must be at least 1");
        }
        if (c.writeQueueMaxSize() < c.bodyChunkSize()) {
            errors.add("mail.imap.write-queue-max-size must be at least mail.imap.body-chunk-size");
        }
        if (c.instances() < 0) {
            errors.add("mail.imap.instances must be >= 0");
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("invalid IMAP configuration: " + String.join("; ", errors));
        }
    }
}
