package dev.mailplatform.mailbox.search;

import dev.mailplatform.contracts.api.SearchResult.ThreadNode;
import dev.mailplatform.mailbox.mime.MimeParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THREAD (RFC 5256 §3). Pure.
 *
 * <p>ORDEREDSUBJECT is implemented as specified. REFERENCES implements steps 1-4 and 6 of the algorithm (link by
 * References / In-Reply-To, prune empty containers, sort siblings by sent date) but not step 5 (merging root threads
 * by base subject). A missing ancestor with several children cannot be a node of the contract's tree (every node
 * carries a UID), so its earliest child takes its place and the others become that child's children.
 */
public final class Threader {
    /** The fields threading needs of one matching message. */
    public record Message(long uid, String messageId, String inReplyTo, String references, Instant sentAt,
            String baseSubject) {
    }

    private Threader() {
    }

    private static final Comparator<Message> BY_DATE = Comparator.comparing(Message::sentAt)
            .thenComparingLong(Message::uid);

    public static List<ThreadNode> orderedSubject(List<Message> messages) {
        Map<String, List<Message>> bySubject = new LinkedHashMap<>();
        for (Message m : messages) {
            bySubject.computeIfAbsent(m.baseSubject() == null ? "" : m.baseSubject(), k -> new ArrayList<>()).add(m);
        }
        List<List<Message>> threads = new ArrayList<>(bySubject.values());
        threads.forEach(t -> t.sort(BY_DATE));
        threads.sort(Comparator.comparing(t -> t.get(0), BY_DATE));
        List<ThreadNode> out = new ArrayList<>();
        for (List<Message> thread : threads) {
            List<ThreadNode> children = new ArrayList<>();
            for (Message m : thread.subList(1, thread.size())) {
                children.add(new ThreadNode(m.uid(), List.of()));
            }
            out.add(new ThreadNode(thread.get(0).uid(), children));
        }
        return out;
    }

    private static final class Container {
        final String id;
        Message message;
        Container parent;
        final List<Container> children = new ArrayList<>();

        Container(String id) {
            this.id = id;
        }

        boolean isAncestorOf(Container other) {
            for (Container c = other; c != null; c = c.parent) {
                if (c == this) {
                    return true;
                }
            }
            return false;
        }
    }

    public static List<ThreadNode> references(List<Message> messages) {
        Map<String, Container> byId = new HashMap<>();
        int anonymous = 0;
        for (Message m : messages) {
            List<String> own = MimeParser.ids(m.messageId());
            String id = own.isEmpty() ? null : own.get(0);
            Container container = id == null ? null : byId.get(id);
            if (container == null || container.message != null) {
                // RFC 5256 §3 step 1A: a missing or duplicate Message-ID gets a unique one
                id = id == null || container != null ? "<anonymous-" + (anonymous++) + "@threader>" : id;
                container = new Container(id);
                byId.put(id, container);
            }
            container.message = m;
            List<String> refs = MimeParser.ids(m.references());
            if (refs.isEmpty()) {
                List<String> reply = MimeParser.ids(m.inReplyTo());
                if (!reply.isEmpty()) {
                    refs = List.of(reply.get(0));
                }
            }
            Container previous = null;
            for (String ref : refs) {
                Container current = byId.computeIfAbsent(ref, Container::new);
                if (previous != null && current.parent == null && previous != current
                        && !current.isAncestorOf(previous)) {
                    link(previous, current);
                }
                previous = current;
            }
            // step 1C: the last reference is the parent, unless that would make a loop
            if (container.parent != null) {
                container.parent.children.remove(container);
                container.parent = null;
            }
            if (previous != null && previous != container && !container.isAncestorOf(previous)) {
                link(previous, container);
            }
        }
        List<Container> roots = new ArrayList<>();
        for (Container c : byId.values()) {
            if (c.parent == null) {
                roots.add(c);
            }
        }
        List<ThreadNode> out = new ArrayList<>();
        List<Prepared> prepared = new ArrayList<>();
        for (Container root : roots) {
            for (Prepared p : prune(root)) {
                prepared.add(p);
            }
        }
        prepared.sort(Comparator.comparing(p -> p.first, BY_DATE));
        for (Prepared p : prepared) {
            out.add(p.node);
        }
        return out;
    }

    private static void link(Container parent, Container child) {
        child.parent = parent;
        parent.children.add(child);
    }

    private record Prepared(ThreadNode node, Message first) {
    }

    /** The nodes a container stands for after pruning: one when it holds a message, its children's otherwise. */
    private static List<Prepared> prune(Container c) {
        List<Prepared> children = new ArrayList<>();
        for (Container child : c.children) {
            children.addAll(prune(child));
        }
        children.sort(Comparator.comparing(p -> p.first, BY_DATE));
        if (c.message != null) {
            return List.of(new Prepared(new ThreadNode(c.message.uid(),
                    children.stream().map(Prepared::node).toList()), c.message));
        }
        if (children.size() <= 1 || c.parent != null) {
            return children; // step 4: empty containers give their children to their parent
        }
        Prepared first = children.get(0);
        List<ThreadNode> adopted = new ArrayList<>(first.node().children());
        for (Prepared other : children.subList(1, children.size())) {
            adopted.add(other.node());
        }
        return List.of(new Prepared(new ThreadNode(first.node().uid(), adopted), first.first()));
    }
}
