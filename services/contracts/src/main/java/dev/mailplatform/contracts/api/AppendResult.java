package dev.mailplatform.contracts.api;

/** The UIDPLUS APPENDUID data. */
public record AppendResult(long uidValidity, long uid, long modseq) {
}
