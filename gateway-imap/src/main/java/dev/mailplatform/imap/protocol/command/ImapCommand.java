package dev.mailplatform.imap.protocol.command;

import java.util.List;

/** Typed IMAP commands: second-stage output of {@link CommandParser}. */
public sealed interface ImapCommand {
    /** Label for metrics and logs: a small fixed set, unknown commands share "unknown". */
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

    /** RFC 9051 §6.3.2 (SELECT) and §6.3.3 (EXAMINE, {@code readOnly}). */
    record Select(String mailbox, boolean readOnly) implements ImapCommand {
        public String metricName() {
            return readOnly ? "examine" : "select";
        }
    }

    /** RFC 9051 §6.4.6 FETCH and §6.4.9 UID FETCH ({@code byUid}). */
    record Fetch(SequenceSet set, List<FetchItem> items, boolean byUid) implements ImapCommand {
        public Fetch {
            items = List.copyOf(items);
        }

        public String metricName() {
            return byUid ? "uid_fetch" : "fetch";
        }

        public boolean needsBody() {
            return items.stream().anyMatch(FetchItem::isBody);
        }
    }

    /** Any command this server does not implement (yet). */
    record Unknown(String name) implements ImapCommand {
        public String metricName() {
            return "unknown";
        }
    }
}
