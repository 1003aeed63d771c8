/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import dev.mailplatform.contracts.api.AuthResult;

/**
 * RFC 1939 §3 session states, with the data each one needs inside it so impossible combinations (a maildrop without
 * an account or without its lease, a pending user after login) cannot be built.
 */
public sealed interface Pop3State {

    /** Before login. {@code user} is the name given by USER, or null; {@code failures} counts wrong passwords. */
    record Authorization(String user, int failures) implements Pop3State {
        public static Authorization initial() {
            return new Authorization(null, 0);
        }
    }

    /** Logged in, holding the maildrop's lease, with a snapshot of the INBOX taken at login (RFC 1939 §4). */
    record Transaction(AuthResult account, Maildrop maildrop, MaildropLease lease) implements Pop3State {
    }

    /** After QUIT in TRANSACTION while deletions are committed (RFC 1939 §6); no further command is read. */
    record Update(AuthResult account, MaildropLease lease) implements Pop3State {
    }
}
