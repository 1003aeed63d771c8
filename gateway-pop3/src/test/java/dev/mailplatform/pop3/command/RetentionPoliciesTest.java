/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.pop3.config.Pop3Config.Retention;
import dev.mailplatform.pop3.config.Pop3Config.Retention.Policy;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** mail.pop3.retention.tenants.<tenantId> overrides mail.pop3.retention.default for that tenant only. */
class RetentionPoliciesTest {
    private static final UUID KEEPING = UUID.fromString("3f1c2a9e-0000-4000-8000-000000000001");

    @Test
    void tenantEntryOverridesTheDefault() {
        Retention deleteByDefault = retention(Policy.DELETE, Map.of(KEEPING.toString(), Policy.KEEP));
        assertThat(Logins.policyFor(deleteByDefault, KEEPING)).isEqualTo(Policy.KEEP);
        assertThat(Logins.policyFor(deleteByDefault, UUID.randomUUID())).isEqualTo(Policy.DELETE);
        Retention keepByDefault = retention(Policy.KEEP, Map.of(KEEPING.toString(), Policy.DELETE));
        assertThat(Logins.policyFor(keepByDefault, KEEPING)).isEqualTo(Policy.DELETE);
        assertThat(Logins.policyFor(keepByDefault, UUID.randomUUID())).isEqualTo(Policy.KEEP);
    }

    private static Retention retention(Policy policy, Map<String, Policy> tenants) {
        return new Retention() {
            @Override
            public Policy defaultPolicy() {
                return policy;
            }

            @Override
            public Map<String, Policy> tenants() {
                return tenants;
            }

            @Override
            public String keptKeyword() {
                return "$POP3Deleted";
            }
        };
    }
}
