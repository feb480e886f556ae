package com.precautionfirst.query.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, point 8: {@code X-Event-Position: 9223372036854775807} held a request thread for the whole
 * read-your-writes wait. A position beyond the newest event in the store cannot come from a command-side answer
 * (the event is stored before the answer is sent), so it is refused at once: 400 naming the header, no record data.
 */
class AnEventPositionBeyondTheStoreIsRefusedAtOnceTest extends QuerySideIntegrationTest {

    static Stream<Arguments> positions() {
        return Stream.of(
                Arguments.of("the next position", (LongUnaryOperator) head -> head + 1),
                Arguments.of("a million ahead", (LongUnaryOperator) head -> head + 1_000_000),
                Arguments.of("Long.MAX_VALUE", (LongUnaryOperator) head -> Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positions")
    void isAnsweredAt400AtOnceWithoutTheRecord(String description, LongUnaryOperator position) {
        String client = unique("maria");
        story().registered(client);
        read("admin", "/api/clients/" + client + "/history");

        long started = System.nanoTime();
        HttpResponse<String> answer = get("admin", "/api/clients/" + client + "/history", "X-Event-Position",
                Long.toString(position.applyAsLong(head())));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(answer.body()).path("errors").get(0).path("field").asText()).isEqualTo("X-Event-Position");
        assertThat(answer.body()).doesNotContain("Maria Keller", "dateOfBirth");
        assertThat(answer.headers().firstValue("X-Projection-Stale")).isEmpty();
        assertThat(took).as("the read-your-writes timeout is 3 s").isLessThan(Duration.ofSeconds(1));
    }
}
