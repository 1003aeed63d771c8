package dev.mailplatform.imap.command;

/** The tagged OK a handler finished with: optional response code and human-readable text. */
public record Completion(String code, String text) {
    public static Completion ok(String text) {
        return new Completion(null, text);
    }
}
