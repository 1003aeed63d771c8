/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.config;

/**
 * One SMTP listener. MX, submission (587) and submissions (465) share the session code and differ only here.
 *
 * @param name         short, bounded name used in metrics and in AcceptedMail.listener: "mx", "submission", ...
 * @param authRequired whether MAIL needs a prior AUTH (submission); false for MX
 */
public record ListenerSpec(String name, String host, int port, TlsMode tlsMode, boolean authRequired) {
    public static final String MX = "mx";
    public static final String SUBMISSION = "submission";
    public static final String SUBMISSIONS = "submissions";

    public static ListenerSpec mx(SmtpConfig.Mx config) {
        // RFC 3207: MX offers STARTTLS opportunistically; it cannot require it from the whole Internet
        return new ListenerSpec(MX, config.host(), config.port(), TlsMode.STARTTLS, false);
    }

    public static ListenerSpec submission(SmtpConfig.Submission config) {
        return new ListenerSpec(SUBMISSION, config.host(), config.port(), TlsMode.STARTTLS, true);
    }

    public static ListenerSpec submissions(SmtpConfig.Submissions config) {
        return new ListenerSpec(SUBMISSIONS, config.host(), config.port(), TlsMode.IMPLICIT, true);
    }

    public boolean implicitTls() {
        return tlsMode == TlsMode.IMPLICIT;
    }
}
