package dev.mailplatform.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A server certificate and its key as PEM files, and the protocol versions offered.
 *
 * @param protocols only TLS 1.2 and 1.3 by default: older versions have known downgrade and cipher weaknesses
 */
public record TlsSettings(Path certificate, Path privateKey, Set<String> protocols) {
    public static final Set<String> MODERN = Set.of("TLSv1.2", "TLSv1.3");

    public TlsSettings {
        if (protocols == null || protocols.isEmpty()) {
            protocols = MODERN;
        }
    }

    public static TlsSettings of(Path certificate, Path privateKey) {
        return new TlsSettings(certificate, privateKey, MODERN);
    }

    /**
     * The certificate configured for a service, or — when none is configured — a self-signed one generated (once) in
     * {@code fallbackDir}, so a local run has working TLS without any setup.
     */
    public static TlsSettings configuredOrSelfSigned(String certPath, String keyPath, Path fallbackDir,
            List<String> hostnames) {
        if (certPath != null && !certPath.isBlank() && keyPath != null && !keyPath.isBlank()) {
            return of(Path.of(certPath), Path.of(keyPath));
        }
        Path cert = fallbackDir.resolve("self-signed-cert.pem");
        Path key = fallbackDir.resolve("self-signed-key.pem");
        SelfSignedCertificates.ensure(cert, key, hostnames);
        return of(cert, key);
    }
}
