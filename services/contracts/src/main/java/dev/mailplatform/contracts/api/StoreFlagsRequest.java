package dev.mailplatform.contracts.api;

import java.util.List;

/**
 * STORE / UID STORE.
 *
 * @param uidSet          UIDs in IMAP set syntax ("1:5,7,9:*"), already translated from sequence numbers
 * @param mode            "ADD", "REMOVE" or "REPLACE"
 * @param unchangedSince  CONDSTORE UNCHANGEDSINCE (RFC 7162 3.1.3), or null
 */
public record StoreFlagsRequest(String uidSet, String mode, List<String> flags, Long unchangedSince) {
}
