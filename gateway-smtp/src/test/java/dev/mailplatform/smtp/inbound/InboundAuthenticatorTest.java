/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.smtp.server.TestDnsServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.james.jdkim.DKIMSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jSPF and jDKIM through the configurable resolver, against a real UDP DNS server on loopback. */
class InboundAuthenticatorTest {
    private final TestDnsServer dns = TestDnsServer.shared();
    private final InboundAuthenticator authenticator = new InboundAuthenticator(
            new DnsTxt(DnsTxt.resolver(List.of(dns.address()), Duration.ofSeconds(2))));

    @Test
    @Timeout(30)
    void spfDkimAndDmarcPassForAnAlignedSignedMessage() throws Exception {
        String domain = "d-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        KeyPair key = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        dns.publishTxt(domain, "v=spf1 ip4:192.0.2.10 -all");
        dns.publishTxt("s1._domainkey." + domain,
                "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
        dns.publishTxt("_dmarc." + domain, "v=DMARC1; p=reject");
        String message = "From: a@" + domain + "\r\nSubject: s\r\n\r\nbody\r\n";
        String signature = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain
                + "; s=s1; h=from:subject; bh=; b=;", key.getPrivate())
                .sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        byte[] signed = ((signature.endsWith("\r\n") ? signature : signature + "\r\n") + message)
                .getBytes(StandardCharsets.US_ASCII);
        InboundAuthenticator.MessageContent content = () -> new ByteArrayInputStream(signed);
        AuthenticationResults pass = authenticator.check("192.0.2.10", "mx." + domain, "a@" + domain, content);
        assertThat(pass.summary()).isEqualTo("spf=pass dkim=pass dmarc=pass p=reject from=" + domain);
        AuthenticationResults spfFail = authenticator.check("198.51.100.7", "mx." + domain, "a@" + domain,
                content);
        assertThat(spfFail.spf()).isEqualTo("fail");
        assertThat(spfFail.dmarc()).as("DKIM alone still aligns").isEqualTo("pass");
    }
}
