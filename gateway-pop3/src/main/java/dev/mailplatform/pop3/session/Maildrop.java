/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.pop3.protocol.Pop3ProtocolException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The INBOX as seen by one POP3 session: the messages present at login, numbered 1..n in ascending UID order, with
 * this session's deletion marks. RFC 1939 §4: numbers and sizes stay fixed for the whole session even if new mail
 * arrives, and marks only take effect in the UPDATE state.
 */
public final class Maildrop {

    /** One message as POP3 presents it. {@code size} is the stored octet count, which is what RETR transmits for
     * CRLF-normalised messages before byte-stuffing (RFC 1939 §11 allows the "exact size" to exclude stuffing). */
    public record Entry(int number, long uid, long size, String blobKey) {
    }

    private final long uidValidity;
    private final List<Entry> entries;
    private final BitSet deleted = new BitSet();

    public Maildrop(long uidValidity, List<MessageDto> messages) {
        this.uidValidity = uidValidity;
        List<Entry> list = new ArrayList<>(messages.size());
        int number = 1;
        for (MessageDto m : messages) {
            list.add(new Entry(number++, m.uid(), m.size(), m.blobKey()));
        }
        this.entries = List.copyOf(list);
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** RFC 1939 §7: a unique-id that never changes for the message; uidValidity makes it survive a mailbox reset. */
    public String uniqueId(Entry entry) {
        return uidValidity + "." + entry.uid();
    }

    /** The message, or an -ERR if it does not exist or is marked deleted (RFC 1939 §5). */
    public Entry get(int number) {
        if (number < 1 || number > entries.size()) {
            throw new Pop3ProtocolException("no such message, only " + entries.size() + " messages in maildrop");
        }
        if (deleted.get(number)) {
            throw new Pop3ProtocolException("message " + number + " already deleted");
        }
        return entries.get(number - 1);
    }

    public List<Entry> visible() {
        List<Entry> list = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (!deleted.get(e.number())) {
                list.add(e);
            }
        }
        return list;
    }

    public int visibleCount() {
        return entries.size() - deleted.cardinality();
    }

    public long visibleOctets() {
        long total = 0;
        for (Entry e : entries) {
            if (!deleted.get(e.number())) {
                total += e.size();
            }
        }
        return total;
    }

    public void markDeleted(int number) {
        get(number);
        deleted.set(number);
    }

    public int unmarkAll() {
        int count = deleted.cardinality();
        deleted.clear();
        return count;
    }

    /** The marked UIDs in IMAP sequence-set syntax with ranges ("3:7,9"), for a compact flags request. */
    public String deletedUidSet() {
        StringBuilder set = new StringBuilder();
        long start = -1;
        long previous = -1;
        for (long uid : deletedUids()) {
            if (start >= 0 && uid == previous + 1) {
                previous = uid;
                continue;
            }
            appendRange(set, start, previous);
            start = uid;
            previous = uid;
        }
        appendRange(set, start, previous);
        return set.toString();
    }

    private static void appendRange(StringBuilder set, long start, long end) {
        if (start < 0) {
            return;
        }
        if (set.length() > 0) {
            set.append(',');
        }
        set.append(start);
        if (end > start) {
            set.append(':').append(end);
        }
    }

    public List<Long> deletedUids() {
        List<Long> uids = new ArrayList<>(deleted.cardinality());
        for (int n = deleted.nextSetBit(0); n >= 0; n = deleted.nextSetBit(n + 1)) {
            uids.add(entries.get(n - 1).uid());
        }
        return uids;
    }
}
