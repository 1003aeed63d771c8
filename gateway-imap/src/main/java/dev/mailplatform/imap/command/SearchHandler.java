package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.contracts.api.SearchRequest;
import dev.mailplatform.contracts.api.SearchResult;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.ImapStrings;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.protocol.command.SearchParser;
import dev.mailplatform.imap.protocol.command.SequenceSet;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.MessageSets;
import dev.mailplatform.imap.session.SelectedMailbox;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SEARCH, SORT, THREAD and their UID forms, selected state. RFC 9051 §6.4.4 (SEARCH, ESEARCH response for rev2);
 * RFC 4731 (ESEARCH RETURN options); RFC 5256 (SORT, THREAD=REFERENCES); RFC 7162 §3.1.5 (MODSEQ criterion and the
 * (MODSEQ n) result). The mailbox service evaluates the criteria; sequence sets and \Recent are turned into UID sets
 * from the session's view first, and results not in the view (arrived since the last update) are left out of
 * sequence-number answers.
 */
public final class SearchHandler implements CommandHandler<ImapCommand.Search> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Search command) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        SelectedMailbox view = selected.mailbox();
        SearchKey criteria = resolve(command.criteria(), view);
        boolean usesModseq = usesModseq(criteria);
        if (usesModseq) {
            session.enable(ImapSession.Enabled.CONDSTORE); // RFC 7162 §3.1: a CONDSTORE-enabling command
        }
        String tag = session.currentTag();
        var onView = command.thread() == null && command.sort().isEmpty() && !usesModseq
                && !session.viewMayBeStale() ? ViewSearch.compile(criteria, view.largestUid()) : null;
        if (onView != null) {
            SearchResult local = new SearchResult(ViewSearch.matching(onView, view), List.of(),
                    view.highestModseq());
            respond(session, command, view, local, false, tag);
            return Future.succeededFuture(Completion.ok((command.byUid() ? "UID " : "") + "SEARCH completed"));
        }
        SearchRequest request = new SearchRequest(criteria, command.sort(), command.thread());
        return session.services().mailboxClient()
                .search(selected.account().accountId(), view.name(), request)
                .map(result -> {
                    respond(session, command, view, result, usesModseq, tag);
                    String name = (command.byUid() ? "UID " : "") + (command.thread() != null ? "THREAD"
                            : !command.sort().isEmpty() ? "SORT" : "SEARCH");
                    return Completion.ok(name + " completed");
                });
    }

    private static void respond(ImapSession session, ImapCommand.Search command, SelectedMailbox view,
            SearchResult result, boolean usesModseq, String tag) {
        if (command.thread() != null) {
            StringBuilder line = new StringBuilder("THREAD");
            if (result.threads() != null && !result.threads().isEmpty()) {
                line.append(' ');
                for (SearchResult.ThreadNode root : result.threads()) {
                    line.append('(');
                    thread(line, root, view, command.byUid());
                    line.append(')');
                }
            }
            session.write(ImapResponses.untagged(line.toString()));
            return;
        }
        List<Long> numbers = new ArrayList<>();
        for (long uid : result.uids()) {
            long n = command.byUid() ? uid : view.seqOf(uid);
            if (n > 0) {
                numbers.add(n);
            }
        }
        if (!command.sort().isEmpty()) {
            session.write(ImapResponses.untagged("SORT" + join(numbers) + modseqSuffix(usesModseq, result)));
            return;
        }
        boolean esearch = command.esearch() || !session.reportsRecent(); // rev2 always answers ESEARCH
        if (!esearch) {
            session.write(ImapResponses.untagged("SEARCH" + join(numbers) + modseqSuffix(usesModseq, result)));
            return;
        }
        Set<String> options = command.returnOptions().isEmpty() ? Set.of("ALL") : command.returnOptions();
        StringBuilder line = new StringBuilder("ESEARCH (TAG ").append(ImapStrings.astring(tag)).append(')');
        if (command.byUid()) {
            line.append(" UID");
        }
        if (!numbers.isEmpty()) {
            List<Long> sorted = new ArrayList<>(numbers);
            sorted.sort(null);
            if (options.contains("MIN")) {
                line.append(" MIN ").append(sorted.get(0));
            }
            if (options.contains("MAX")) {
                line.append(" MAX ").append(sorted.get(sorted.size() - 1));
            }
            if (options.contains("ALL")) {
                line.append(" ALL ").append(MessageSets.compact(sorted));
            }
        }
        if (options.contains("COUNT")) {
            line.append(" COUNT ").append(numbers.size());
        }
        if (usesModseq && !numbers.isEmpty()) {
            line.append(" MODSEQ ").append(result.highestModseq()); // RFC 7162 §3.1.5 / RFC 4731
        }
        session.write(ImapResponses.untagged(line.toString()));
    }

    /** RFC 5256 §4: "(3 6 (4 23)(44 7 96))": a single child continues the list, several become sub-lists. */
    private static void thread(StringBuilder out, SearchResult.ThreadNode node, SelectedMailbox view, boolean byUid) {
        out.append(byUid ? node.uid() : view.seqOf(node.uid()));
        List<SearchResult.ThreadNode> children = node.children() == null ? List.of() : node.children();
        if (children.size() == 1) {
            out.append(' ');
            thread(out, children.get(0), view, byUid);
        } else if (children.size() > 1) {
            out.append(' ');
            for (SearchResult.ThreadNode child : children) {
                out.append('(');
                thread(out, child, view, byUid);
                out.append(')');
            }
        }
    }

    private static String join(List<Long> numbers) {
        StringBuilder s = new StringBuilder();
        for (long n : numbers) {
            s.append(' ').append(n);
        }
        return s.toString();
    }

    private static String modseqSuffix(boolean usesModseq, SearchResult result) {
        return usesModseq && !result.uids().isEmpty() ? " (MODSEQ " + result.highestModseq() + ")" : "";
    }

    private static boolean usesModseq(SearchKey key) {
        if ("MODSEQ".equals(key.key())) {
            return true;
        }
        return key.children() != null && key.children().stream().anyMatch(SearchHandler::usesModseq);
    }

    /** Turns SEQ and RECENT keys into UID keys over the view; messages outside it cannot match them. */
    static SearchKey resolve(SearchKey key, SelectedMailbox view) {
        if (SearchParser.SEQ.equals(key.key())) {
            return uidKey(MessageSets.uids(MessageSets.resolve(view, SequenceSet.parse(key.value()), false)));
        }
        if (SearchParser.RECENT.equals(key.key())) {
            List<Long> recent = new ArrayList<>();
            for (MessageDto m : view.messages()) {
                if (view.isRecent(m)) {
                    recent.add(m.uid());
                }
            }
            return uidKey(recent);
        }
        if (key.children() == null || key.children().isEmpty()) {
            return key;
        }
        List<SearchKey> children = new ArrayList<>(key.children().size());
        for (SearchKey child : key.children()) {
            children.add(resolve(child, view));
        }
        return new SearchKey(key.key(), key.field(), key.value(), key.number(), key.date(), children);
    }

    private static SearchKey uidKey(List<Long> uids) {
        if (uids.isEmpty()) {
            return new SearchKey("NOT", null, null, null, null, List.of(SearchKey.all()));
        }
        return new SearchKey("UID", null, MessageSets.compact(uids), null, null, null);
    }
}
