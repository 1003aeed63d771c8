package dev.mailplatform.mailbox.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.mailbox.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @CsvSource({
            "alice@example.com, alice, example.com",
            "Alice.Smith@Example.COM, Alice.Smith, example.com",
            "a+tag@sub.example.org, a+tag, sub.example.org",
            "first_last@x-y.example, first_last, x-y.example",
            "user@localhost, user, localhost",
    })
    void parsesPlainAddresses(String input, String localPart, String domain) {
        Names.Address address = Names.parseAddress(input);
        assertThat(address).isEqualTo(new Names.Address(localPart, domain));
        assertThat(address.canonical()).isEqualTo(localPart + "@" + domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@", "alice", "alice@", "@example.com", "al ice@example.com", "a..b@example.com",
            ".a@example.com", "alice@-example.com", "alice@example..com", "alice@exa_mple.com", "\"q\"@example.com",
            "alice@example.com\r\n"})
    void refusesMalformedAddresses(String input) {
        assertThat(Names.parseAddress(input)).isNull();
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongParts() {
        String local65 = "a".repeat(65);
        assertThat(Names.parseAddress(local65 + "@example.com")).isNull();
        assertThat(Names.parseAddress("a".repeat(64) + "@example.com")).isNotNull();
        String label64 = "b".repeat(64);
        assertThat(Names.parseAddress("a@" + label64 + ".com")).isNull();
        String longDomain = ("c".repeat(60) + ".").repeat(4) + "com"; // 247 chars, address 249
        assertThat(Names.parseAddress("a@" + longDomain)).isNotNull();
        assertThat(Names.parseAddress("abcdef@" + longDomain)).isNotNull(); // exactly 254
        assertThat(Names.parseAddress("abcdefg@" + longDomain)).isNull(); // 255 > 254
    }

    @ParameterizedTest
    @CsvSource({"Example.COM, example.com", "example.com., example.com", "' mail.example.org ', mail.example.org"})
    void canonicalisesDomains(String input, String expected) {
        assertThat(Names.domain(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "exa mple.com", "-x.com", "x-.com", "a..com", "ex@mple.com", "*.example.com"})
    void refusesBadDomains(String input) {
        assertThatThrownBy(() -> Names.domain(input)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "bad\u0000name"})
    void refusesBadTenantNames(String input) {
        assertThatThrownBy(() -> Names.tenantName(input)).isInstanceOf(ApiException.class);
    }

    @org.junit.jupiter.api.Test
    void tenantNamesAreStripped() {
        assertThat(Names.tenantName("  Acme Corp ")).isEqualTo("Acme Corp");
        assertThatThrownBy(() -> Names.tenantName("x".repeat(201))).isInstanceOf(ApiException.class);
    }
}
