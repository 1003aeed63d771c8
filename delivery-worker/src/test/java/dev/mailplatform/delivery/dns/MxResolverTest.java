package dev.mailplatform.delivery.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.delivery.testnet.TestDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** Against a real DNS server on loopback. */
class MxResolverTest {
    private static TestDnsServer dns;
    private static final List<String> failures = new CopyOnWriteArrayList<>();
    private static MxResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        dns = new TestDnsServer();
        dns.mx("pref.test", 20, "mx-b.pref.test").mx("pref.test", 10, "mx-a.pref.test")
                .mx("pref.test", 30, "mx-c.pref.test")
                .a("mx-a.pref.test", "127.0.0.2").a("mx-b.pref.test", "127.0.0.3")
                .mx("equal.test", 10, "one.equal.test").mx("equal.test", 10, "two.equal.test")
                .mx("equal.test", 10, "three.equal.test").mx("equal.test", 5, "first.equal.test")
                .nullMx("nullmx.test")
                .a("nomx.test", "127.0.0.4").txt("nomx.test", "v=spf1 -all")
                .txt("empty.test", "nothing here")
                .fail("servfail.test", Rcode.SERVFAIL)
                .a("v6.test", "::1");
        resolver = new MxResolver(List.of(dns.address()), Duration.ofSeconds(2), failures::add);
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Test
    void mxHostsInPreferenceOrder() {
        assertThat(resolver.resolveMx("pref.test")).isEqualTo(new MxResolution.Hosts(
                List.of("mx-a.pref.test", "mx-b.pref.test", "mx-c.pref.test"), false));
    }

    @Test
    void equalPreferencesAreShuffledButStayBehindLowerOnes() {
        Set<String> secondPlace = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            MxResolution.Hosts hosts = (MxResolution.Hosts) resolver.resolveMx("equal.test");
            assertThat(hosts.hosts().get(0)).isEqualTo("first.equal.test");
            assertThat(hosts.hosts()).hasSize(4);
            secondPlace.add(hosts.hosts().get(1));
        }
        assertThat(secondPlace).hasSizeGreaterThan(1);
    }

    @Test
    void nullMxMeansNoMail() {
        assertThat(resolver.resolveMx("nullmx.test")).isInstanceOf(MxResolution.NullMx.class);
    }

    @Test
    void noMxFallsBackToTheDomainsAddress() {
        // RFC 5321 §5.1: implicit MX
        assertThat(resolver.resolveMx("nomx.test")).isEqualTo(new MxResolution.Hosts(List.of("nomx.test"), true));
    }

    @Test
    void neitherMxNorAddressIsPermanent() {
        assertThat(resolver.resolveMx("empty.test")).isInstanceOf(MxResolution.NoSuchDomain.class);
        assertThat(resolver.resolveMx("unknown.test")).isInstanceOf(MxResolution.NoSuchDomain.class);
    }

    @Test
    void servfailIsTransientAndCounted() {
        failures.clear();
        assertThat(resolver.resolveMx("servfail.test")).isInstanceOf(MxResolution.TemporaryFailure.class);
        assertThat(failures).contains("servfail");
    }

    @Test
    void unreachableResolverIsTransient() throws Exception {
        MxResolver dead;
        try (java.net.DatagramSocket unused = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // a port nobody answers on (the socket is ours and silent)
            dead = new MxResolver(List.of("127.0.0.1:" + unused.getLocalPort()), Duration.ofMillis(300),
                    failures::add);
            failures.clear();
            assertThat(dead.resolveMx("pref.test")).isInstanceOf(MxResolution.TemporaryFailure.class);
        }
        assertThat(failures).contains("timeout");
    }

    @Test
    void addressesOfAHost() throws Exception {
        assertThat(resolver.addresses("mx-a.pref.test", 4)).containsExactly(InetAddress.getByName("127.0.0.2"));
        assertThat(resolver.addresses("v6.test", 4)).containsExactly(InetAddress.getByName("::1"));
        assertThat(resolver.addresses("mx-c.pref.test", 4)).isEmpty();
        assertThat(resolver.txt("nomx.test")).containsExactly("v=spf1 -all");
    }
}
