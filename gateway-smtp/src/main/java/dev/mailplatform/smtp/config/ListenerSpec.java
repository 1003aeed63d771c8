/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.config;

/**
 * One SMTP listener. MX is the first; submission (587) and submissions (465) become further instances with their
 * TLS mode and authentication requirement, sharing the same session code.
 *
 * @param name         short, bounded name used in metrics and in AcceptedMail.listener: "mx", "submission", ...
 * @param authRequired whether MAIL needs a prior AUTH (submission); false for MX
 */
public record ListenerSpec(String name, String host, int port, TlsMode tlsMode, boolean authRequired) {

    public static ListenerSpec mx(SmtpConfig.Listener config) {
        return new ListenerSpec("mx", config.host(), config.port(), TlsMode.NONE, false);
    }
}
