/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import io.vertx.core.Future;

/** Shorthands for handlers. */
final class Replies {
    private Replies() {
    }

    static Future<SmtpReply> reply(int code, String enhanced, String text) {
        return Future.succeededFuture(SmtpReply.of(code, enhanced, text));
    }

    static Future<SmtpReply> badSequence(String text) {
        return reply(SmtpReplies.C503_BAD_SEQUENCE, SmtpReplies.E5_5_1, text);
    }

    static SmtpReply directoryUnavailable() {
        return SmtpReply.of(SmtpReplies.C451_LOCAL_ERROR, SmtpReplies.E4_4_3,
                "Directory temporarily unavailable, try again later");
    }
}
