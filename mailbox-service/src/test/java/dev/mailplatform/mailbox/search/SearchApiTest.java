package dev.mailplatform.mailbox.search;

import static dev.mailplatform.mailbox.Fixtures.deliverRaw;
import static dev.mailplatform.mailbox.Fixtures.mail;
import static dev.mailplatform.mailbox.Fixtures.read;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.contracts.api.SearchRequest;
import dev.mailplatform.contracts.api.SearchResult;
import dev.mailplatform.contracts.api.SearchResult.ThreadNode;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SEARCH keys, SORT and THREAD against messages parsed at delivery. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class SearchApiTest {
    private TenantWithAccount a;

    private static SearchKey key(String key, String value) {
        return new SearchKey(key, null, value, null, null, null);
    }

    private static SearchKey number(String key, long n) {
        return new SearchKey(key, null, null, n, null, null);
    }

    private static SearchKey date(String key, LocalDate date) {
        return new SearchKey(key, null, null, null, date, null);
    }

    private static SearchKey op(String key, SearchKey... children) {
        return new SearchKey(key, null, null, null, null, List.of(children));
    }

    private SearchResult search(SearchKey criteria, List<String> sort, String thread) {
        return read(service().body(new SearchRequest(criteria, sort, thread))
                .post(ApiPaths.MAILBOX_SEARCH, a.accountId(), "INBOX").then().statusCode(200), SearchResult.class);
    }

    private List<Long> uids(SearchKey criteria) {
        return search(criteria, null, null).uids();
    }

    @BeforeEach
    void mailbox() {
        a = tenantWithAccount();
        deliverRaw(a, mail("""
                From: Zed Alpha <zed@one.example>
                To: a@x.example
                Subject: Quarterly report
                Date: Mon, 2 Feb 2026 23:30:00 -0500
                Message-ID: <root@one.example>
                X-Priority: 1

                The numbers for the quarter are in. Revenue grew.
                """));
        deliverRaw(a, mail("""
                From: amy@two.example
                To: b@x.example
                Cc: carl@three.example
                Subject: Re: Quarterly report
                Date: Tue, 3 Feb 2026 09:00:00 +0000
                Message-ID: <reply@two.example>
                In-Reply-To: <root@one.example>
                References: <root@one.example>
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Great news, caf=C3=A9 on me.
                """));
        deliverRaw(a, mail("""
                From: bob@three.example
                To: c@x.example
                Subject: Lunch
                Date: Sun, 1 Feb 2026 12:00:00 +0000
                Message-ID: <lunch@three.example>

                Pizza?
                """ + "padding ".repeat(200) + "\n"));
    }

    @Test
    void headerAndTextKeys() {
        assertThat(uids(key("SUBJECT", "quarterly"))).containsExactly(1L, 2L);
        assertThat(uids(key("FROM", "zed alpha"))).containsExactly(1L);
        assertThat(uids(key("FROM", "TWO.example"))).containsExactly(2L);
        assertThat(uids(key("CC", "carl"))).containsExactly(2L);
        assertThat(uids(key("TO", "c@x"))).containsExactly(3L);
        assertThat(uids(key("BODY", "revenue"))).containsExactly(1L);
        // quoted-printable and charset are decoded before indexing
        assertThat(uids(key("BODY", "café"))).containsExactly(2L);
        assertThat(uids(key("TEXT", "lunch"))).containsExactly(3L);
        assertThat(uids(key("BODY", "lunch"))).isEmpty();
        assertThat(uids(new SearchKey("HEADER", "X-Priority", "1", null, null, null))).containsExactly(1L);
        assertThat(uids(new SearchKey("HEADER", "X-Priority", "", null, null, null))).containsExactly(1L);
        assertThat(uids(new SearchKey("HEADER", "Message-ID", "reply@", null, null, null))).containsExactly(2L);
        // LIKE wildcards in the text are literal
        assertThat(uids(key("SUBJECT", "%"))).isEmpty();
        assertThat(uids(key("BODY", "_"))).isEmpty();
    }

    @Test
    void flagsSizesDatesUidsAndBooleanOperators() {
        service().body(Map.of("uidSet", "2", "mode", "ADD", "flags", List.of("\\Seen", "Work")))
                .post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "INBOX").then().statusCode(200);
        assertThat(uids(key("FLAG", "\\Seen"))).containsExactly(2L);
        assertThat(uids(key("NOFLAG", "\\Seen"))).containsExactly(1L, 3L);
        assertThat(uids(key("FLAG", "work"))).containsExactly(2L);
        assertThat(uids(number("LARGER", 1000))).containsExactly(3L);
        assertThat(uids(number("SMALLER", 1000))).containsExactly(1L, 2L);
        // SENTON uses the Date header's own day: 2 Feb 23:30 -0500 is 3 Feb in UTC
        assertThat(uids(date("SENTON", LocalDate.of(2026, 2, 2)))).containsExactly(1L);
        assertThat(uids(date("SENTBEFORE", LocalDate.of(2026, 2, 2)))).containsExactly(3L);
        assertThat(uids(date("SENTSINCE", LocalDate.of(2026, 2, 3)))).containsExactly(2L);
        assertThat(uids(date("SINCE", LocalDate.now().minusDays(1)))).containsExactly(1L, 2L, 3L);
        assertThat(uids(date("BEFORE", LocalDate.of(2000, 1, 1)))).isEmpty();
        assertThat(uids(key("UID", "2:*"))).containsExactly(2L, 3L);
        assertThat(uids(op("NOT", key("UID", "2")))).containsExactly(1L, 3L);
        assertThat(uids(op("OR", key("SUBJECT", "lunch"), key("FLAG", "\\Seen")))).containsExactly(2L, 3L);
        assertThat(uids(op("AND", key("SUBJECT", "report"), op("NOT", key("FLAG", "\\Seen")))))
                .containsExactly(1L);
        long modseq = search(SearchKey.all(), null, null).highestModseq();
        assertThat(uids(number("MODSEQ", modseq))).containsExactly(2L);
        assertThat(uids(null)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void sortAndThread() {
        assertThat(search(null, List.of("DATE"), null).uids()).containsExactly(3L, 1L, 2L);
        assertThat(search(null, List.of("REVERSE SIZE"), null).uids().get(0)).isEqualTo(3L);
        // RFC 5256 base subject: "Re: Quarterly report" sorts with "Quarterly report"
        assertThat(search(null, List.of("SUBJECT", "DATE"), null).uids()).containsExactly(3L, 1L, 2L);
        assertThat(search(null, List.of("FROM"), null).uids()).containsExactly(2L, 3L, 1L);
        SearchResult threads = search(null, null, "REFERENCES");
        assertThat(threads.threads()).containsExactly(new ThreadNode(3, List.of()),
                new ThreadNode(1, List.of(new ThreadNode(2, List.of()))));
        SearchResult bySubject = search(null, null, "ORDEREDSUBJECT");
        assertThat(bySubject.threads()).hasSize(2);
        // messages of one conversation share a thread id, which is also a search key
        String threadId = read(service().queryParam("uids", "1").get(ApiPaths.MAILBOX_MESSAGES, a.accountId(),
                "INBOX").then().statusCode(200), dev.mailplatform.contracts.api.MessageDto[].class)[0].threadId();
        assertThat(uids(key("THREAD", threadId))).containsExactly(1L, 2L);
    }

    @Test
    void badProgramsAre400AndOtherAccountsSeeNothing() {
        for (Object bad : List.of(Map.of("criteria", Map.of("key", "BOGUS")),
                Map.of("criteria", Map.of("key", "OR", "children", List.of(Map.of("key", "ALL")))),
                Map.of("criteria", Map.of("key", "LARGER")),
                Map.of("criteria", Map.of("key", "UID", "value", "x")),
                Map.of("sort", List.of("COLOUR")),
                Map.of("thread", "MAGIC"))) {
            service().body(bad).post(ApiPaths.MAILBOX_SEARCH, a.accountId(), "INBOX").then().statusCode(400);
        }
        TenantWithAccount other = tenantWithAccount();
        SearchResult none = read(service().body(new SearchRequest(key("SUBJECT", "report"), null, null))
                .post(ApiPaths.MAILBOX_SEARCH, other.accountId(), "INBOX").then().statusCode(200),
                SearchResult.class);
        assertThat(none.uids()).isEmpty();
        service().body(new SearchRequest(null, null, null)).post(ApiPaths.MAILBOX_SEARCH, UUID.randomUUID(), "INBOX")
                .then().statusCode(404);
    }
}
