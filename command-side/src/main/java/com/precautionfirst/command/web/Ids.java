package com.precautionfirst.command.web;

/** What a caller-chosen id may look like: it becomes a stream id, so keep it short and plain. */
final class Ids {
    static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final String MESSAGE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Ids() {
    }
}
