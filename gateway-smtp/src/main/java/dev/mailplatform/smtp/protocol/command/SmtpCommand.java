/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol.command;

import java.util.Optional;

/** A parsed SMTP command (RFC 5321 §4.1.1). Records are immutable and carry only validated values. */
public sealed interface SmtpCommand {

    /** Lower-case verb with a bounded value set: used as the metrics tag. */
    String verb();

    /** RFC 5321 §4.1.1.1 extended hello. */
    record Ehlo(String domain) implements SmtpCommand {
        public String verb() {
            return "ehlo";
        }
    }

    /** RFC 5321 §4.1.1.1 hello. */
    record Helo(String domain) implements SmtpCommand {
        public String verb() {
            return "helo";
        }
    }

    /** RFC 5321 §4.1.1.2; {@code reversePath} empty for the null sender {@code <>}. */
    record MailFrom(Optional<MailPath> reversePath, MailParams params) implements SmtpCommand {
        public String verb() {
            return "mail";
        }
    }

    /** RFC 5321 §4.1.1.3 with the RFC 3461 DSN parameters. */
    record RcptTo(MailPath forwardPath, RcptParams params) implements SmtpCommand {
        public RcptTo(MailPath forwardPath) {
            this(forwardPath, RcptParams.NONE);
        }

        public String verb() {
            return "rcpt";
        }
    }

    /** RFC 3030 §2: a chunk of exactly {@code size} octets follows the command line. */
    record Bdat(long size, boolean last) implements SmtpCommand {
        public String verb() {
            return "bdat";
        }
    }

    /** RFC 3207 §4. */
    record StartTls() implements SmtpCommand {
        public String verb() {
            return "starttls";
        }
    }

    /**
     * RFC 4954 §4. {@code initialResponse} is the base64 text after the mechanism ("=" for an empty one), kept as
     * given: decoding belongs to the mechanism.
     */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
        public String verb() {
            return "auth";
        }

        @Override
        public String toString() {
            // never log credentials
            return "Auth[" + mechanism + (initialResponse.isPresent() ? " ***" : "") + "]";
        }
    }

    /** RFC 5321 §4.1.1.4. */
    record Data() implements SmtpCommand {
        public String verb() {
            return "data";
        }
    }

    /** RFC 5321 §4.1.1.5. */
    record Rset() implements SmtpCommand {
        public String verb() {
            return "rset";
        }
    }

    /** RFC 5321 §4.1.1.6; the argument is not used for anything. */
    record Vrfy(String argument) implements SmtpCommand {
        public String verb() {
            return "vrfy";
        }
    }

    /** RFC 5321 §4.1.1.8. */
    record Help(String topic) implements SmtpCommand {
        public String verb() {
            return "help";
        }
    }

    /** RFC 5321 §4.1.1.9. */
    record Noop() implements SmtpCommand {
        public String verb() {
            return "noop";
        }
    }

    /** RFC 5321 §4.1.1.10. */
    record Quit() implements SmtpCommand {
        public String verb() {
            return "quit";
        }
    }
}
