/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The server certificate shared by the platform's protocol gateways ({@code mail.tls.*}). */
@ConfigMapping(prefix = "mail.tls")
public interface TlsConfig {
    /** PEM certificate chain; without it (and {@link #keyPath()}) a self-signed certificate is generated. */
    Optional<String> certPath();

    /** PEM private key (PKCS#8). */
    Optional<String> keyPath();

    /** Where the self-signed certificate of the local stack is generated once and reused. */
    @WithDefault("${java.io.tmpdir}/mail-platform-tls")
    String selfSignedDir();

    /** How often the PEM files are checked for a renewed certificate, which is loaded without a restart. */
    @WithDefault("60s")
    Duration reloadInterval();
}
