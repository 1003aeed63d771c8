package dev.mailplatform.delivery.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Authenticated TLS: the JDK's trusted roots plus, optionally, the certificates of a PEM file. */
final class TrustedTls {
    private TrustedTls() {
    }

    static SSLSocketFactory socketFactory(Optional<String> extraPem) {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            managers.add(manager(null));
            if (extraPem.isPresent()) {
                KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
                extra.load(null, null);
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(Path.of(extraPem.get()))) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                int i = 0;
                for (Certificate c : certs) {
                    extra.setCertificateEntry("extra-" + i++, c);
                }
                managers.add(manager(extra));
            }
            X509TrustManager any = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    throw new CertificateException("not a server");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    CertificateException last = null;
                    for (X509TrustManager m : managers) {
                        try {
                            m.checkServerTrusted(chain, authType);
                            return;
                        } catch (CertificateException e) {
                            last = e;
                        }
                    }
                    throw last;
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
                            .toArray(X509Certificate[]::new);
                }
            };
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {any}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up authenticated TLS (mail.relay.trusted-certificates)", e);
        }
    }

    private static X509TrustManager manager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager m : tmf.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }
}
