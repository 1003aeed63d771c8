package dev.mailplatform.delivery.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MtaStsPolicyTest {
    @Test
    void parsesTheRfc8461Example() {
        // RFC 8461 §3.2
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
                + "mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n");
        assertThat(p.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(p.enforced()).isTrue();
        assertThat(p.mxPatterns()).containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
        assertThat(p.maxAgeSeconds()).isEqualTo(604800);
    }

    @Test
    void lfLineEndsUnknownKeysAndACappedMaxAge() {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\nmode: testing\nmx: mx.a.test\nextension: x\n"
                + "max_age: 9999999999\n");
        assertThat(p.mode()).isEqualTo(MtaStsPolicy.Mode.TESTING);
        assertThat(p.enforced()).isFalse();
        assertThat(p.maxAgeSeconds()).isEqualTo(MtaStsPolicy.MAX_AGE_LIMIT);
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 1\n").mode())
                .isEqualTo(MtaStsPolicy.Mode.NONE);
    }

    @Test
    void wildcardsMatchExactlyOneLabel() {
        // RFC 8461 §4.1
        MtaStsPolicy p = new MtaStsPolicy(MtaStsPolicy.Mode.ENFORCE, List.of("*.example.net", "mx.example.com"), 1);
        assertThat(p.allows("mx1.example.net")).isTrue();
        assertThat(p.allows("MX1.Example.NET.")).isTrue();
        assertThat(p.allows("a.b.example.net")).isFalse();
        assertThat(p.allows("example.net")).isFalse();
        assertThat(p.allows("mx.example.com")).isTrue();
        assertThat(p.allows("other.example.com")).isFalse();
    }

    @Test
    void rejectsInvalidPolicies() {
        List<String> bad = List.of(
                "mode: enforce\nmx: a.test\nmax_age: 1\n", // no version
                "version: STSv2\nmode: enforce\nmx: a.test\nmax_age: 1\n",
                "version: STSv1\nmode: strict\nmx: a.test\nmax_age: 1\n",
                "version: STSv1\nmode: enforce\nmx: a.test\n", // no max_age
                "version: STSv1\nmode: enforce\nmax_age: 1\n", // enforce without mx
                "version: STSv1\nmode: enforce\nmx: a.test\nmax_age: -5\n",
                "<html>not a policy</html>");
        for (String body : bad) {
            assertThatThrownBy(() -> MtaStsPolicy.parse(body)).as(body).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
