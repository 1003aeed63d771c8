package dev.mailplatform.imap.command.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.imap.protocol.command.FetchAttribute.Section;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Section numbers to octet ranges (RFC 9051 §6.4.5) over a multipart/mixed with an attached message. */
class SectionLocatorTest {
    // header 0..100, body 100..1000; part 1 text 120..150/170..300; part 2 message/rfc822 310..340/360..990 whose
    // inner message has its header 360..400 and body 400..990, a multipart with part 1 at 420..430/440..500
    private static final BodyPartDto INNER_TEXT = part("text", "plain", 420, 440, 500, List.of());
    private static final BodyPartDto INNER = part("multipart", "alternative", 360, 400, 990, List.of(INNER_TEXT));
    private static final BodyPartDto ATTACHED = part("message", "rfc822", 310, 360, 990, List.of(INNER));
    private static final BodyPartDto TEXT = part("text", "plain", 120, 170, 300, List.of());
    private static final BodyPartDto ROOT = part("multipart", "mixed", 0, 100, 1000, List.of(TEXT, ATTACHED));

    @Test
    void wholeMessageHeaderAndText() {
        assertThat(range("BODY[]")).containsExactly(0, 1000);
        assertThat(range("BODY[HEADER]")).containsExactly(0, 100);
        assertThat(range("BODY[HEADER.FIELDS (FROM)]")).containsExactly(0, 100);
        assertThat(range("BODY[TEXT]")).containsExactly(100, 1000);
    }

    @Test
    void partsMimeHeadersAndEncapsulatedMessages() {
        assertThat(range("BODY[1]")).containsExactly(170, 300);
        assertThat(range("BODY[1.MIME]")).containsExactly(120, 170);
        assertThat(range("BODY[2]")).containsExactly(360, 990);
        assertThat(range("BODY[2.HEADER]")).containsExactly(360, 400);
        assertThat(range("BODY[2.TEXT]")).containsExactly(400, 990);
        assertThat(range("BODY[2.1]")).containsExactly(440, 500);
        assertThat(range("BODY[2.1.MIME]")).containsExactly(420, 440);
    }

    @Test
    void missingPartsAreEmpty() {
        assertThat(range("BODY[3]")).containsExactly(0, 0);
        assertThat(range("BODY[1.HEADER]")).containsExactly(0, 0);
        assertThat(range("BODY[2.5]")).containsExactly(0, 0);
    }

    @Test
    void partOneOfASinglePartMessageIsItsBody() {
        BodyPartDto single = part("text", "plain", 0, 80, 200, List.of());
        SectionLocator.Range r = SectionLocator.locate(Section.parse("BODY[1]"), single, 200);
        assertThat(new long[] {r.start(), r.end()}).containsExactly(80, 200);
    }

    private static long[] range(String item) {
        SectionLocator.Range r = SectionLocator.locate(Section.parse(item), ROOT, 1000);
        return new long[] {r.start(), r.end()};
    }

    private static BodyPartDto part(String type, String subtype, long headerStart, long bodyStart, long bodyEnd,
            List<BodyPartDto> parts) {
        return new BodyPartDto(type, subtype, Map.of(), null, null, "7bit", bodyEnd - bodyStart, 1, null, null, null,
                null, null, headerStart, bodyStart, bodyEnd, parts, null);
    }
}
