/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The platform-wide TLS keys ({@code mail.tls.*}), shared by every protocol listener of a service. */
@ConfigMapping(prefix = "mail.tls")
public interface TlsConfig {

    /** PEM certificate chain. Empty: a self-signed certificate is generated in {@link #selfSignedDir()}. */
    Optional<String> certPath();

    /** PEM private key (PKCS#8) matching {@link #certPath()}. */
    Optional<String> keyPath();

    /** Where the self-signed fallback certificate lives, so a local run has working TLS without any setup. */
    @WithDefault("${java.io.tmpdir}/mail-platform-tls")
    String selfSignedDir();

    /** Names put in the self-signed certificate's subjectAltName. */
    @WithDefault("localhost,127.0.0.1")
    List<String> selfSignedHostnames();

    /** How often the certificate files are checked for renewal (ACME, Kubernetes secret update). */
    @WithDefault("1m")
    Duration reloadInterval();
}
