package com.precautionfirst.support.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a text may hold: the refusals are tested over HTTP field by field; here, what must still pass. */
class TextsTest {

    @ParameterizedTest
    @ValueSource(strings = {"Maria Keller", "Zoë O'Brien-Łukasz", "李小龍", "محمد علي", "Dr. med. (PT) №5",
            "family 👩\u200d👩\u200d👧 emoji", "\u200bMaria", "non\u00a0breaking"})
    void visibleTextInAnyScriptIsASingleLine(String text) {
        assertThat(Texts.problem(text, false, 200)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"line one\nline two", "\tindented", "a\u2028b"})
    void freeTextMayHoldNewlinesAndTabs(String text) {
        assertThat(Texts.problem(text, true, 2000)).isNull();
        assertThat(Texts.problem(text, false, 2000)).startsWith("must be a single line");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("a\u0000b", "must not contain control characters (U+0000)"),
                Arguments.of("\u001b[31mred", "must not contain control characters (U+001B)"),
                Arguments.of("a\u202eb", "must not contain bidirectional overrides or isolates (U+202E)"),
                Arguments.of("a\r\nb", "must not contain control characters (U+000D)"),
                Arguments.of("a\ud800b", "must be valid Unicode (a lone surrogate U+D800)"),
                Arguments.of("\u200b\u3164 ", "must not be blank"),
                Arguments.of("", "must not be blank"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusalsSayWhy(String text, String reason) {
        assertThat(Texts.problem(text, true, 2000)).isEqualTo(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 200})
    void theMaximumCountsCharactersNotUtf16Units(int max) {
        assertThat(Texts.problem("🙂".repeat(max), false, max)).isNull();
        assertThat(Texts.problem("🙂".repeat(max + 1), false, max)).isEqualTo("must be at most " + max + " characters");
    }
}
