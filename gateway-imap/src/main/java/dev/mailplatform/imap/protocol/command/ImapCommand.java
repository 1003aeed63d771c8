package dev.mailplatform.imap.protocol.command;

import dev.mailplatform.contracts.api.SearchKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed IMAP commands: second-stage output of {@link CommandParser}. Mailbox names are already converted to the stored
 * UTF-8 form; {@link #metricName()} is a small fixed label set for metrics and logs.
 */
public sealed interface ImapCommand {
    String metricName();

    /** RFC 9051 §6.1.1. */
    record Capability() implements ImapCommand {
        public String metricName() {
            return "capability";
        }
    }

    /** RFC 9051 §6.1.2. */
    record Noop() implements ImapCommand {
        public String metricName() {
            return "noop";
        }
    }

    /** RFC 9051 §6.1.3. */
    record Logout() implements ImapCommand {
        public String metricName() {
            return "logout";
        }
    }

    /** RFC 9051 §6.2.1. */
    record StartTls() implements ImapCommand {
        public String metricName() {
            return "starttls";
        }
    }

    /** RFC 9051 §6.2.2; {@code initialResponse} is the SASL-IR argument (RFC 4959), null when absent. */
    record Authenticate(String mechanism, String initialResponse) implements ImapCommand {
        public String metricName() {
            return "authenticate";
        }

        @Override
        public String toString() {
            return "Authenticate[mechanism=" + mechanism + ", initialResponse=" + (initialResponse == null ? "none"
                    : "***") + "]";
        }
    }

    /** RFC 9051 §6.2.3. */
    record Login(String username, String password) implements ImapCommand {
        public String metricName() {
            return "login";
        }

        @Override
        public String toString() {
            return "Login[username=" + username + ", password=***]";
        }
    }

    /** RFC 5161; capability names upper-cased. */
    record Enable(List<String> capabilities) implements ImapCommand {
        public String metricName() {
            return "enable";
        }
    }

    /** QRESYNC select parameter (RFC 7162 §3.2.5); {@code knownUids} may be null. */
    record QresyncParams(long uidValidity, long modseq, String knownUids) {
    }

    /** RFC 9051 §6.3.2 SELECT, §6.3.3 EXAMINE ({@code readOnly}); RFC 7162 CONDSTORE / QRESYNC parameters. */
    record Select(String mailbox, boolean readOnly, boolean condstore, QresyncParams qresync) implements ImapCommand {
        public Select(String mailbox, boolean readOnly) {
            this(mailbox, readOnly, false, null);
        }

        public String metricName() {
            return readOnly ? "examine" : "select";
        }
    }

    /** RFC 9051 §6.3.4; {@code specialUse} from RFC 6154 CREATE-SPECIAL-USE, or null. */
    record Create(String mailbox, String specialUse) implements ImapCommand {
        public String metricName() {
            return "create";
        }
    }

    /** RFC 9051 §6.3.5. */
    record Delete(String mailbox) implements ImapCommand {
        public String metricName() {
            return "delete";
        }
    }

    /** RFC 9051 §6.3.6. */
    record Rename(String from, String to) implements ImapCommand {
        public String metricName() {
            return "rename";
        }
    }

    /** RFC 9051 §6.3.7 / §6.3.8. */
    record Subscribe(String mailbox, boolean subscribe) implements ImapCommand {
        public String metricName() {
            return subscribe ? "subscribe" : "unsubscribe";
        }
    }

    /**
     * LIST (RFC 9051 §6.3.9, RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS, RFC 6154) and LSUB (RFC 3501 §6.3.9,
     * {@code lsub}). Patterns are in stored form, already joined with the reference.
     */
    record ListMailboxes(List<String> patterns, boolean lsub, boolean selectSubscribed, boolean selectSpecialUse,
            boolean recursiveMatch, boolean returnSubscribed, boolean returnChildren, boolean returnSpecialUse,
            List<String> returnStatus, boolean emptyPattern) implements ImapCommand {
        public String metricName() {
            return lsub ? "lsub" : "list";
        }
    }

    /** RFC 9051 §6.3.10. */
    record Namespace() implements ImapCommand {
        public String metricName() {
            return "namespace";
        }
    }

    /** RFC 9051 §6.3.11; items upper-cased. */
    record Status(String mailbox, List<String> items) implements ImapCommand {
        public String metricName() {
            return "status";
        }
    }

    /** RFC 9051 §6.3.12; the message is the literal's octets. */
    record Append(String mailbox, List<String> flags, Instant internalDate, byte[] message) implements ImapCommand {
        public String metricName() {
            return "append";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Append a && a.mailbox.equals(mailbox) && a.flags.equals(flags)
                    && java.util.Objects.equals(a.internalDate, internalDate) && Arrays.equals(a.message, message);
        }

        @Override
        public int hashCode() {
            return mailbox.hashCode() * 31 + Arrays.hashCode(message);
        }

        @Override
        public String toString() {
            return "Append[mailbox=" + mailbox + ", flags=" + flags + ", date=" + internalDate + ", "
                    + message.length + " octets]";
        }
    }

    /** RFC 3501 §6.4.1 (CHECK is gone in RFC 9051 but still sent by clients). */
    record Check() implements ImapCommand {
        public String metricName() {
            return "check";
        }
    }

    /** RFC 9051 §6.4.1 CLOSE, §6.4.2 UNSELECT ({@code expunge} false). */
    record Close(boolean expunge) implements ImapCommand {
        public String metricName() {
            return expunge ? "close" : "unselect";
        }
    }

    /** RFC 9051 §6.4.3 EXPUNGE; RFC 4315 §2.1 UID EXPUNGE with {@code uids}. */
    record Expunge(SequenceSet uids) implements ImapCommand {
        public String metricName() {
            return uids == null ? "expunge" : "uid_expunge";
        }
    }

    /**
     * SEARCH (RFC 9051 §6.4.4), ESEARCH return options (RFC 4731) upper-cased, SORT and THREAD (RFC 5256): {@code
     * sort} non-empty for SORT, {@code thread} non-null for THREAD. Keys with {@code key == "SEQ"} hold message
     * sequence sets the session translates to UIDs.
     */
    record Search(boolean byUid, SearchKey criteria, Set<String> returnOptions, boolean esearch, List<String> sort,
            String thread) implements ImapCommand {
        public String metricName() {
            String base = thread != null ? "thread" : !sort.isEmpty() ? "sort" : "search";
            return byUid ? "uid_" + base : base;
        }
    }

    /** RFC 9051 §6.4.5 FETCH, §6.4.9 UID FETCH; RFC 7162 CHANGEDSINCE and VANISHED modifiers. */
    record Fetch(SequenceSet set, List<FetchAttribute> items, boolean byUid, Long changedSince, boolean vanished)
            implements ImapCommand {
        public Fetch {
            items = List.copyOf(items);
        }

        public Fetch(SequenceSet set, List<FetchAttribute> items, boolean byUid) {
            this(set, items, byUid, null, false);
        }

        public String metricName() {
            return byUid ? "uid_fetch" : "fetch";
        }

        public boolean needsBody() {
            return items.stream().anyMatch(i -> i instanceof FetchAttribute.Section);
        }

        public boolean has(FetchAttribute.Simple item) {
            return items.contains(item);
        }
    }

    /** RFC 9051 §6.4.6 STORE; RFC 7162 §3.1.3 UNCHANGEDSINCE. {@code mode} is ADD, REMOVE or REPLACE. */
    record Store(SequenceSet set, boolean byUid, String mode, boolean silent, List<String> flags,
            Long unchangedSince) implements ImapCommand {
        public String metricName() {
            return byUid ? "uid_store" : "store";
        }
    }

    /** RFC 9051 §6.4.7 COPY, RFC 6851 MOVE ({@code move}). */
    record Copy(SequenceSet set, boolean byUid, String mailbox, boolean move) implements ImapCommand {
        public String metricName() {
            return (byUid ? "uid_" : "") + (move ? "move" : "copy");
        }
    }

    /** RFC 2177. */
    record Idle() implements ImapCommand {
        public String metricName() {
            return "idle";
        }
    }

    /** RFC 2971; null parameters is NIL. */
    record Id(Map<String, String> parameters) implements ImapCommand {
        public String metricName() {
            return "id";
        }
    }

    /** RFC 9208 GETQUOTA ({@code root}) and GETQUOTAROOT ({@code mailbox}), one of them non-null. */
    record GetQuota(String root, String mailbox) implements ImapCommand {
        public String metricName() {
            return root != null ? "getquota" : "getquotaroot";
        }
    }

    /** RFC 4978. */
    record Compress(String mechanism) implements ImapCommand {
        public String metricName() {
            return "compress";
        }
    }

    /** Any command this server does not implement; carries no client text into metrics. */
    record Unknown(String name) implements ImapCommand {
        public String metricName() {
            return "unknown";
        }

        public Unknown {
            name = name.toUpperCase(Locale.ROOT);
        }
    }
}
