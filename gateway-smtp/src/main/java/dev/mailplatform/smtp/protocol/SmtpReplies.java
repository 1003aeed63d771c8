/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

/** Reply codes (RFC 5321 §4.2.2-4.2.3) and enhanced status codes (RFC 3463) used by the gateway. */
public final class SmtpReplies {
    public static final int C214_HELP = 214;
    public static final int C220_READY = 220;
    public static final int C221_CLOSING = 221;
    public static final int C250_OK = 250;
    public static final int C252_CANNOT_VRFY = 252;
    public static final int C354_START_INPUT = 354;
    public static final int C421_SERVICE_NOT_AVAILABLE = 421;
    public static final int C451_LOCAL_ERROR = 451;
    public static final int C452_INSUFFICIENT_STORAGE = 452;
    public static final int C500_SYNTAX_ERROR = 500;
    public static final int C501_PARAM_SYNTAX = 501;
    public static final int C503_BAD_SEQUENCE = 503;
    public static final int C550_MAILBOX_UNAVAILABLE = 550;
    public static final int C552_EXCEEDED_STORAGE = 552;
    public static final int C554_TRANSACTION_FAILED = 554;
    public static final int C555_PARAMS_NOT_RECOGNIZED = 555;

    /** RFC 3463 §3.1 / §3.5: other undefined status, success. */
    public static final String E2_0_0 = "2.0.0";
    public static final String E2_1_0 = "2.1.0";
    public static final String E2_1_5 = "2.1.5";
    public static final String E2_5_0 = "2.5.0";
    public static final String E3_0_0 = "3.0.0";
    /** §3.4: system incorrectly configured / unavailable. */
    public static final String E4_3_0 = "4.3.0";
    /** §3.5: routing server failure (the directory could not be asked). */
    public static final String E4_4_3 = "4.4.3";
    /** §3.5: network congestion / idle timeout. */
    public static final String E4_4_2 = "4.4.2";
    /** §3.6: too many recipients. */
    public static final String E4_5_3 = "4.5.3";
    /** §3.8: delivery not authorized / too many connections. */
    public static final String E4_7_0 = "4.7.0";
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
    /** §3.8: delivery not authorized (relaying denied). */
    public static final String E5_7_1 = "5.7.1";

    private SmtpReplies() {
    }
}
