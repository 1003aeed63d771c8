/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.Inbound;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;

/**
 * BDAT, RFC 3030 §2-§4, allowed in state InTransaction with at least one recipient or while earlier chunks are
 * being collected. The session has already switched the receiver to read the chunk: the server MUST read it even
 * when the command fails, so {@link #begin} only decides where the octets go (spool or nowhere) and
 * {@link #chunkEnd} gives the reply once they have been read.
 */
public final class BdatHandler {

    /** Prepares for the chunk; a refusal is recorded with {@code SmtpSession#rejectChunk} and answered at its end. */
    public Future<Void> begin(SmtpSession session, SmtpCommand.Bdat command) {
        if (session.state() instanceof SmtpState.ReceivingData receiving) {
            if (!receiving.chunked()) {
                throw new IllegalStateException("BDAT inside DATA");
            }
            return Future.succeededFuture();
        }
        if (!(session.state() instanceof SmtpState.InTransaction transaction)) {
            session.rejectChunk(SmtpReply.of(SmtpReplies.C503_BAD_SEQUENCE, SmtpReplies.E5_5_1,
                    "Need MAIL and RCPT before BDAT"));
            return Future.succeededFuture();
        }
        if (transaction.recipients().isEmpty()) {
            session.rejectChunk(SmtpReply.of(SmtpReplies.C554_TRANSACTION_FAILED, SmtpReplies.E5_5_1,
                    "No valid recipients"));
            return Future.succeededFuture();
        }
        session.state(MessageCompletion.open(session, transaction, true));
        return Future.succeededFuture();
    }

    /** The chunk has been read completely. */
    public Future<SmtpReply> chunkEnd(SmtpSession session, boolean last) {
        SmtpReply rejection = session.takeChunkRejection();
        if (rejection != null) {
            // RFC 3030 §2: after a failed BDAT the whole transaction is void
            abort(session);
            return Future.succeededFuture(rejection);
        }
        if (!(session.state() instanceof SmtpState.ReceivingData receiving) || !receiving.chunked()) {
            return Future.failedFuture(new IllegalStateException("end of chunk outside BDAT"));
        }
        if (receiving.spool().overLimit()) {
            // RFC 1870 §6.3 / RFC 3030 §2: refuse as soon as the limit is passed, not only at LAST
            abort(session);
            session.services().metrics().message("too_big");
            return Future.succeededFuture(MessageCompletion.tooBig(session.services()));
        }
        if (!last) {
            return Future.succeededFuture(SmtpReply.of(SmtpReplies.C250_OK, SmtpReplies.E2_0_0,
                    "Chunk received, " + receiving.spool().size() + " octets so far"));
        }
        Inbound.DataDefect defect = receiving.lineEndings() == null ? Inbound.DataDefect.NONE
                : receiving.lineEndings().result();
        return MessageCompletion.complete(session, receiving, defect);
    }

    private static void abort(SmtpSession session) {
        if (session.state() instanceof SmtpState.ReceivingData receiving) {
            receiving.spool().discard();
            session.state(receiving.transaction().hello());
        } else if (session.state() instanceof SmtpState.InTransaction transaction) {
            session.state(transaction.hello());
        }
    }
}
