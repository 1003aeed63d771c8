package dev.mailplatform.mailboxclient;

/** The mailbox service answered with an error status, or could not be reached (status 0). */
public class MailboxServiceException extends RuntimeException {
    private final int status;

    public MailboxServiceException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** True when retrying later may succeed: unreachable or 5xx. Protocol gateways answer a temporary error. */
    public boolean isTransient() {
        return status == 0 || status >= 500;
    }
}
