/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One parsed POP3 command (RFC 1939 §§4-7, RFC 2449 §5 for CAPA). Records are immutable and already validated:
 * message numbers are positive, TOP's line count is non-negative.
 */
public sealed interface Pop3Command {

    /** Lower-case keyword, also the bounded {@code command} tag of the metrics. */
    String name();

    /** RFC 1939 §7. */
    record User(String name) implements Pop3Command {
        @Override
        public String name() {
            return "user";
        }

        public String mailbox() {
            return name;
        }
    }

    /** RFC 1939 §7; the password is everything after the keyword and one space, spaces included. */
    record Pass(String password) implements Pop3Command {
        @Override
        public String name() {
            return "pass";
        }

        @Override
        public String toString() {
            return "Pass[***]";
        }
    }

    /** RFC 1939 §5. */
    record Stat() implements Pop3Command {
        @Override
        public String name() {
            return "stat";
        }
    }

    /** RFC 1939 §5; empty message number = scan listing of all messages. */
    record List(OptionalInt message) implements Pop3Command {
        @Override
        public String name() {
            return "list";
        }
    }

    /** RFC 1939 §7. */
    record Uidl(OptionalInt message) implements Pop3Command {
        @Override
        public String name() {
            return "uidl";
        }
    }

    /** RFC 1939 §5. */
    record Retr(int message) implements Pop3Command {
        @Override
        public String name() {
            return "retr";
        }
    }

    /** RFC 1939 §5. */
    record Dele(int message) implements Pop3Command {
        @Override
        public String name() {
            return "dele";
        }
    }

    /** RFC 1939 §5. */
    record Noop() implements Pop3Command {
        @Override
        public String name() {
            return "noop";
        }
    }

    /** RFC 1939 §5. */
    record Rset() implements Pop3Command {
        @Override
        public String name() {
            return "rset";
        }
    }

    /** RFC 1939 §§4, 6. */
    record Quit() implements Pop3Command {
        @Override
        public String name() {
            return "quit";
        }
    }

    /** RFC 1939 §7: headers, the blank line, then {@code lines} body lines. */
    record Top(int message, int lines) implements Pop3Command {
        @Override
        public String name() {
            return "top";
        }
    }

    /** RFC 2449 §5. */
    record Capa() implements Pop3Command {
        @Override
        public String name() {
            return "capa";
        }
    }

    /** RFC 2595 §4: start TLS on the plain-text port. */
    record Stls() implements Pop3Command {
        @Override
        public String name() {
            return "stls";
        }
    }

    /**
     * RFC 5034 §4. Without a mechanism the client asks for the list of mechanisms (the RFC 1734 behaviour Outlook
     * relies on). {@code initialResponse} is the base64 text as sent ("=" stands for an empty response).
     */
    record Auth(Optional<String> mechanism, Optional<String> initialResponse) implements Pop3Command {
        @Override
        public String name() {
            return "auth";
        }

        @Override
        public String toString() {
            return "Auth[" + mechanism.orElse("") + (initialResponse.isPresent() ? " ***" : "") + "]";
        }
    }

    /** RFC 1939 §7. Parsed so it can be refused with a clear reply; see the APOP handler for why it is not offered. */
    record Apop(String user, String digest) implements Pop3Command {
        @Override
        public String name() {
            return "apop";
        }

        @Override
        public String toString() {
            return "Apop[" + user + " ***]";
        }
    }

    /**
     * A keyword this server does not implement. The keyword is kept only for the log, at
     * most {@link Pop3CommandParser#MAX_KEYWORD_LOG} characters.
     */
    record Unknown(String keyword) implements Pop3Command {
        @Override
        public String name() {
            return "unknown";
        }
    }
}
