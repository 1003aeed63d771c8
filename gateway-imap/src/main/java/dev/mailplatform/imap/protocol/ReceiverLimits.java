package dev.mailplatform.imap.protocol;

/**
 * Limits enforced while bytes arrive.
 *
 * @param maxLineLength  octets of one command line, not counting literal data and the CRLF
 * @param maxLiteralSize octets of all literals of one command together
 */
public record ReceiverLimits(int maxLineLength, long maxLiteralSize) {
    public ReceiverLimits {
        if (maxLineLength < 1 || maxLiteralSize < 0) {
            throw new IllegalArgumentException("invalid receiver limits " + maxLineLength + "/" + maxLiteralSize);
        }
    }
}
