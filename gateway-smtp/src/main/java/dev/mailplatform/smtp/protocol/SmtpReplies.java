/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

/** Reply codes (RFC 5321 §4.2.2-4.2.3) and enhanced status codes (RFC 3463) used by the gateway. */
public final class SmtpReplies {
    public static final int C214_HELP = 214;
    public static final int C220_READY = 220;
    public static final int C221_CLOSING = 221;
    public static final int C235_AUTH_SUCCEEDED = 235;
    public static final int C250_OK = 250;
    public static final int C252_CANNOT_VRFY = 252;
    /** RFC 4954 §4: server challenge. */
    public static final int C334_CHALLENGE = 334;
    public static final int C354_START_INPUT = 354;
    public static final int C421_SERVICE_NOT_AVAILABLE = 421;
    public static final int C451_LOCAL_ERROR = 451;
    public static final int C452_INSUFFICIENT_STORAGE = 452;
    /** RFC 3207 §4 (TLS not available) and RFC 4954 §6 (temporary authentication failure). */
    public static final int C454_TEMPORARY_FAILURE = 454;
    public static final int C500_SYNTAX_ERROR = 500;
    public static final int C501_PARAM_SYNTAX = 501;
    public static final int C502_NOT_IMPLEMENTED = 502;
    public static final int C503_BAD_SEQUENCE = 503;
    public static final int C504_PARAM_NOT_IMPLEMENTED = 504;
    /** RFC 4954 §6: authentication required. */
    public static final int C530_AUTH_REQUIRED = 530;
    /** RFC 4954 §6: authentication credentials invalid. */
    public static final int C535_AUTH_FAILED = 535;
    /** RFC 4954 §6: encryption required for requested authentication mechanism. */
    public static final int C538_ENCRYPTION_REQUIRED = 538;
    public static final int C550_MAILBOX_UNAVAILABLE = 550;
    public static final int C552_EXCEEDED_STORAGE = 552;
    public static final int C553_MAILBOX_NAME_NOT_ALLOWED = 553;
    public static final int C554_TRANSACTION_FAILED = 554;
    public static final int C555_PARAMS_NOT_RECOGNIZED = 555;

    /** RFC 3463 §3.1 / §3.5: other undefined status, success. */
    public static final String E2_0_0 = "2.0.0";
    public static final String E2_1_0 = "2.1.0";
    public static final String E2_1_5 = "2.1.5";
    public static final String E2_5_0 = "2.5.0";
    /** RFC 4954 §6: authentication succeeded. */
    public static final String E2_7_0 = "2.7.0";
    public static final String E3_0_0 = "3.0.0";
    /** §3.4: system incorrectly configured / unavailable. */
    public static final String E4_3_0 = "4.3.0";
    /** §3.5: routing server failure (the directory could not be asked). */
    public static final String E4_4_3 = "4.4.3";
    /** §3.5: network congestion / idle timeout. */
    public static final String E4_4_2 = "4.4.2";
    /** §3.6: too many recipients. */
    public static final String E4_5_3 = "4.5.3";
    /** §3.1: temporary failure, undefined status (DNS trouble during the SPF/DKIM checks). */
    public static final String E4_0_0 = "4.0.0";
    /** §3.8: delivery not authorized / too many connections. */
    public static final String E4_7_0 = "4.7.0";
    /** §3.1: other undefined status (authentication cancelled). */
    public static final String E5_0_0 = "5.0.0";
    /** §3.2: bad destination mailbox address. */
    public static final String E5_1_1 = "5.1.1";
    /** §3.2: bad destination mailbox address syntax. */
    public static final String E5_1_3 = "5.1.3";
    /** §3.4: message length exceeds administrative limit. */
    public static final String E5_3_4 = "5.3.4";
    /** §3.6: invalid command. */
    public static final String E5_5_1 = "5.5.1";
    /** §3.6: syntax error. */
    public static final String E5_5_2 = "5.5.2";
    /** §3.6: invalid command arguments. */
    public static final String E5_5_4 = "5.5.4";
    /** §3.7: other or undefined media error (bare CR or LF in DATA). */
    public static final String E5_6_0 = "5.6.0";
    /** RFC 6531 §3.6.1: non-ASCII addresses not permitted without SMTPUTF8. */
    public static final String E5_6_7 = "5.6.7";
    /** §3.8: delivery not authorized (relaying denied). */
    public static final String E5_7_1 = "5.7.1";
    /** RFC 4954 §6: authentication required / other security status. */
    public static final String E5_7_0 = "5.7.0";
    /** RFC 4954 §6: authentication credentials invalid. */
    public static final String E5_7_8 = "5.7.8";
    /** RFC 5248: encryption needed (AUTH over a plain connection). */
    public static final String E5_7_11 = "5.7.11";
    /** RFC 7372 §3.2: multiple authentication checks failed (DMARC). */
    public static final String E5_7_26 = "5.7.26";
    /** RFC 7372 §3.2: SPF validation failed. */
    public static final String E5_7_23 = "5.7.23";

    private SmtpReplies() {
    }
}
