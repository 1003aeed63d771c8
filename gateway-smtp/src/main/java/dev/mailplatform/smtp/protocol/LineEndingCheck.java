/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

/**
 * Finds bare CR and bare LF in BDAT content, which carries no dot-stuffing and no terminator. They cannot end a BDAT
 * chunk, but a stored "\n.\r\n" would end the DATA of the next hop that relays this message to a lenient server
 * (SMTP smuggling, 2023), so 7BIT and 8BITMIME content gets the same check as DATA. Fed in arbitrary chunks.
 */
public final class LineEndingCheck {
    private boolean afterCr;
    private Inbound.DataDefect defect = Inbound.DataDefect.NONE;

    public void update(byte[] bytes) {
        for (byte b : bytes) {
            if (afterCr) {
                if (b != '\n') {
                    mark(Inbound.DataDefect.BARE_CR);
                }
                afterCr = b == '\r';
            } else if (b == '\r') {
                afterCr = true;
            } else if (b == '\n') {
                mark(Inbound.DataDefect.BARE_LF);
            }
        }
    }

    /** The first defect seen; a CR at the very end counts as bare (RFC 3030 §2: chunks end on a CRLF in MIME). */
    public Inbound.DataDefect result() {
        return afterCr && defect == Inbound.DataDefect.NONE ? Inbound.DataDefect.BARE_CR : defect;
    }

    private void mark(Inbound.DataDefect found) {
        if (defect == Inbound.DataDefect.NONE) {
            defect = found;
        }
    }
}
