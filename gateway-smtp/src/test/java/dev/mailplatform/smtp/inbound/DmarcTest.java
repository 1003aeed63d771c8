/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 7489 evaluation against a fixed table of TXT records. */
class DmarcTest {
    private static final Map<String, List<String>> RECORDS = Map.of(
            "_dmarc.strict.example.", List.of("v=DMARC1; p=reject; adkim=s; aspf=s"),
            "_dmarc.relaxed.example.", List.of("v=DMARC1; p=quarantine; sp=reject"),
            "_dmarc.two.example.", List.of("v=DMARC1; p=reject", "v=DMARC1; p=none"));

    private static Optional<List<String>> dns(String name) {
        if (name.contains("broken")) {
            return Optional.empty();
        }
        return Optional.of(RECORDS.getOrDefault(name, List.of()));
    }

    private static AuthenticationResults.Dkim dkim(String result, String domain) {
        return new AuthenticationResults.Dkim(result, domain, "s1");
    }

    @Test
    void passesOnAlignedSpfOrDkim() {
        assertThat(Dmarc.evaluate("relaxed.example", "pass", "bounce.relaxed.example", List.of(), DmarcTest::dns))
                .isEqualTo(new Dmarc.Outcome("pass", "quarantine"));
        assertThat(Dmarc.evaluate("relaxed.example", "fail", "other.example",
                List.of(dkim("pass", "mail.relaxed.example")), DmarcTest::dns))
                .isEqualTo(new Dmarc.Outcome("pass", "quarantine"));
    }

    @Test
    void strictAlignmentNeedsTheExactDomain() {
        assertThat(Dmarc.evaluate("strict.example", "pass", "bounce.strict.example",
                List.of(dkim("pass", "mail.strict.example")), DmarcTest::dns))
                .isEqualTo(new Dmarc.Outcome("fail", "reject"));
        assertThat(Dmarc.evaluate("strict.example", "pass", "strict.example", List.of(), DmarcTest::dns).result())
                .isEqualTo("pass");
    }

    @Test
    void failingSignaturesAndUnalignedPassesFail() {
        assertThat(Dmarc.evaluate("strict.example", "softfail", "strict.example",
                List.of(dkim("fail", "strict.example"), dkim("pass", "attacker.example")), DmarcTest::dns))
                .isEqualTo(new Dmarc.Outcome("fail", "reject"));
    }

    @Test
    void subdomainsUseTheOrganizationalRecordAndItsSp() {
        assertThat(Dmarc.evaluate("news.relaxed.example", "none", null, List.of(), DmarcTest::dns))
                .isEqualTo(new Dmarc.Outcome("fail", "reject"));
    }

    @Test
    void noRecordTwoRecordsDnsFailureAndNoFrom() {
        assertThat(Dmarc.evaluate("nothing.example", "pass", "nothing.example", List.of(), DmarcTest::dns))
                .isEqualTo(new Dmarc.Outcome("none", null));
        assertThat(Dmarc.evaluate("two.example", "fail", "x.example", List.of(), DmarcTest::dns).result())
                .isEqualTo("none");
        assertThat(Dmarc.evaluate("broken.example", "pass", "broken.example", List.of(), DmarcTest::dns).result())
                .isEqualTo("temperror");
        assertThat(Dmarc.evaluate(null, "pass", "x.example", List.of(), DmarcTest::dns).result())
                .isEqualTo("permerror");
    }

    @Test
    void findsTheFromDomainOnlyWhenUnambiguous() {
        assertThat(InboundAuthenticator.fromDomain("Subject: x\r\nFrom: \"Bob, B.\" <bob@Sender.Example>\r\n\r\n"))
                .isEqualTo("sender.example");
        assertThat(InboundAuthenticator.fromDomain("From:\r\n bob@folded.example\r\n\r\n"))
                .isEqualTo("folded.example");
        assertThat(InboundAuthenticator.fromDomain("From: a@x.example\r\nFrom: b@y.example\r\n\r\n")).isNull();
        assertThat(InboundAuthenticator.fromDomain("To: a@x.example\r\n\r\n")).isNull();
        assertThat(InboundAuthenticator.fromDomain("From: <a@x.example;evil>\r\n\r\n")).isNull();
    }

    @Test
    void headerCannotBeInjectedThroughMessageValues() {
        AuthenticationResults results = new AuthenticationResults("pass", "x.example\r\nX-Evil: 1",
                List.of(new AuthenticationResults.Dkim("pass", "d.example; dmarc=pass", "s(1)")), "fail", "reject",
                "from.example");
        String header = new String(results.header("mx.test"), StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("Authentication-Results: mx.test;\r\n\tspf=pass smtp.mailfrom=x.exampleX-Evil1;"
                + "\r\n\tdkim=pass header.d=d.exampledmarcpass header.s=s1;\r\n\tdmarc=fail (p=reject)"
                + " header.from=from.example\r\n");
        assertThat(results.dmarcRejects()).isTrue();
    }
}
