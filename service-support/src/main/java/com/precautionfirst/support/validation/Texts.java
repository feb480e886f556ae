package com.precautionfirst.support.validation;

import jakarta.validation.ConstraintValidatorContext;

/**
 * What a text sent to either service may contain (issue 10): at most {@code max} characters (code points), no
 * control characters (ESC of ANSI escapes and NUL included), no bidirectional overrides or isolates (U+202A-U+202E,
 * U+2066-U+2069), no lone surrogates, and at least one visible character, so that a text of zero-width spaces is
 * as blank as one of spaces. Free text may hold newlines and tabs; a single line holds no line break or tab.
 * {@code null} is not this class's business ({@code @NotNull} says whether a field is required).
 */
public final class Texts {

    private Texts() {
    }

    /** Why {@code text} is refused, or {@code null} when it is acceptable (or absent). */
    public static String problem(String text, boolean freeText, int max) {
        if (text == null) {
            return null;
        }
        if (text.codePointCount(0, text.length()) > max) {
            return "must be at most " + max + " characters";
        }
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            String refused = refused(c, freeText);
            if (refused != null) {
                return refused;
            }
            visible |= !invisible(c);
        }
        return visible ? null : "must not be blank";
    }

    /** For the constraint validators: true when acceptable, else false with the reason as the message. */
    static boolean check(String text, boolean freeText, int max, ConstraintValidatorContext context) {
        String problem = problem(text, freeText, max);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // the reason is one of this class's fixed texts (never the caller's input), so it is safe as a template
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    private static String refused(int c, boolean freeText) {
        boolean lineBreakOrTab = c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029';
        if (lineBreakOrTab && !freeText) {
            return "must be a single line (no line breaks or tabs)";
        }
        if (c == '\n' || c == '\t') {
            return null;
        }
        if (Character.getType(c) == Character.CONTROL) {
            return "must not contain control characters (" + codePoint(c) + ")";
        }
        if (c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
            return "must not contain bidirectional overrides or isolates (" + codePoint(c) + ")";
        }
        if (Character.getType(c) == Character.SURROGATE) {
            return "must be valid Unicode (a lone surrogate " + codePoint(c) + ")";
        }
        return null;
    }

    /** Whitespace, zero-width and other format characters, and the fillers that render as nothing. */
    private static boolean invisible(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }
}
