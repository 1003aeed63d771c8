package dev.mailplatform.imap.protocol;

import dev.mailplatform.imap.error.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A cursor over the tokens of one {@link Request}, for the typed parsers (RFC 9051 §9 grammar). */
public final class ArgReader {
    private final List<Token> tokens;
    private int pos;

    public ArgReader(List<Token> tokens) {
        this.tokens = tokens;
    }

    public boolean hasMore() {
        return pos < tokens.size();
    }

    public Token peek() {
        return hasMore() ? tokens.get(pos) : null;
    }

    public Token next(String what) {
        if (!hasMore()) {
            throw ProtocolException.bad("Missing " + what);
        }
        return tokens.get(pos++);
    }

    public boolean peekListStart() {
        return peek() instanceof Token.ListStart;
    }

    public boolean peekListEnd() {
        return peek() instanceof Token.ListEnd;
    }

    /** True when the next token is an atom equal (ignoring case) to {@code word}; consumes it then. */
    public boolean acceptAtom(String word) {
        if (peek() instanceof Token.Atom a && a.value().equalsIgnoreCase(word)) {
            pos++;
            return true;
        }
        return false;
    }

    public void expectListStart(String what) {
        if (!(next(what) instanceof Token.ListStart)) {
            throw ProtocolException.bad("Expected a list for " + what);
        }
    }

    public void expectListEnd(String what) {
        if (!(next(what) instanceof Token.ListEnd)) {
            throw ProtocolException.bad("Expected ')' after " + what);
        }
    }

    public String atom(String what) {
        if (next(what) instanceof Token.Atom a) {
            return a.value();
        }
        throw ProtocolException.bad("Expected an atom for " + what);
    }

    public String upperAtom(String what) {
        return atom(what).toUpperCase(Locale.ROOT);
    }

    /** RFC 9051 §9 astring: atom, quoted string or literal. */
    public String astring(String what) {
        Token t = next(what);
        if (t instanceof Token.Atom a) {
            return a.value();
        }
        if (t instanceof Token.Quoted q) {
            return q.value();
        }
        if (t instanceof Token.Literal l) {
            return l.asString();
        }
        throw ProtocolException.bad("Expected a string for " + what);
    }

    /** A quoted string or literal only (RFC 9051 §9 string), e.g. a date-time. */
    public String string(String what) {
        Token t = next(what);
        if (t instanceof Token.Quoted q) {
            return q.value();
        }
        if (t instanceof Token.Literal l) {
            return l.asString();
        }
        throw ProtocolException.bad("Expected a string for " + what);
    }

    /** nstring: NIL or a string. */
    public String nstring(String what) {
        if (acceptAtom("NIL")) {
            return null;
        }
        return astring(what);
    }

    public long number(String what) {
        String s = atom(what);
        if (s.isEmpty() || s.length() > 20 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProtocolException.bad("Expected a number for " + what);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ProtocolException.bad("Number out of range for " + what);
        }
    }

    /** A parenthesised list of atoms or strings: {@code (a b "c")}. */
    public List<String> stringList(String what) {
        expectListStart(what);
        List<String> out = new ArrayList<>();
        while (!peekListEnd()) {
            out.add(astring(what));
        }
        pos++;
        return out;
    }

    public void expectEnd() {
        if (hasMore()) {
            throw ProtocolException.bad("Unexpected arguments");
        }
    }
}
