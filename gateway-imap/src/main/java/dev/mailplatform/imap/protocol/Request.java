package dev.mailplatform.imap.protocol;

import java.util.List;

/** A complete command as framed by {@link ImapReceiver}: first-stage output, before typed parsing. */
public record Request(String tag, String name, List<Token> args) {
    public Request {
        args = List.copyOf(args);
    }
}
