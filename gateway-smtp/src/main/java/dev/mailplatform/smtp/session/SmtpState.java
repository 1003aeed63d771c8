/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.smtp.protocol.LineEndingCheck;
import dev.mailplatform.smtp.protocol.command.MailParams;
import dev.mailplatform.smtp.protocol.command.MailPath;
import dev.mailplatform.smtp.spool.Spool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an SMTP session stands (RFC 5321 §4.1.4 command order). Data lives inside the state, so for example a
 * recipient list cannot exist without a sender.
 */
public sealed interface SmtpState {

    /** Connected and greeted by us, no HELO/EHLO yet. */
    record Connected() implements SmtpState {
    }

    /** After HELO/EHLO, outside a mail transaction. */
    record Greeted(String heloName, boolean esmtp) implements SmtpState {
    }

    /** Between MAIL and DATA. */
    record InTransaction(Greeted hello, Optional<MailPath> reversePath, MailParams params,
            List<EnvelopeRecipient> recipients) implements SmtpState {
        public InTransaction {
            recipients = List.copyOf(recipients);
        }

        public InTransaction withRecipient(EnvelopeRecipient recipient) {
            List<EnvelopeRecipient> more = new ArrayList<>(recipients);
            more.add(recipient);
            return new InTransaction(hello, reversePath, params, more);
        }

        public String mailFrom() {
            return reversePath.map(MailPath::address).orElse("");
        }
    }

    /**
     * Message content is streaming into {@code spool}: after 354 (DATA), or between the first BDAT and the one
     * with LAST (RFC 3030). {@code lineEndings} checks BDAT content, which has no dot-stuffing to do it; null for
     * DATA (the receiver checks) and for BODY=BINARYMIME (binary content has no lines).
     */
    record ReceivingData(InTransaction transaction, Spool spool, String messageId, Instant receivedAt,
            boolean chunked, LineEndingCheck lineEndings) implements SmtpState {
    }
}
