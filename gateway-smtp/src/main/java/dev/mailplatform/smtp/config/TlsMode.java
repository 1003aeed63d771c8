/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.config;

/** How a listener uses TLS. */
public enum TlsMode {
    /** RFC 3207: plain connect, upgrade with STARTTLS. */
    STARTTLS,
    /** RFC 8314: TLS from the first byte (port 465). */
    IMPLICIT
}
