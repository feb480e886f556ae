package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** verifier/README.md says what the code does: its examples are run, its worked example recomputed. */
class ReadmeTest {

    record Block(String language, List<String> lines, int line) {
    }

    static List<String> readme;

    @BeforeAll
    static void read() throws IOException {
        // surefire runs in the module's folder
        readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("verifier.writeExamples")) {
            ExampleFiles.write();
        }
    }

    @Test
    void theWorkedExampleOfTheLeafEncoding() throws Exception {
        List<Block> blocks = blocksAfter("### Worked example");
        LogEvent event = LogEvent.fromJson(Json.MAPPER.readTree(String.join("\n", blocks.get(0).lines())));
        StringBuilder hex = new StringBuilder();
        for (String line : blocks.get(1).lines()) {
            hex.append(line.substring(0, line.indexOf('|')).strip());
        }
        byte[] leaf = HexFormat.of().parseHex(hex);

        assertThat(blocks.get(0).language()).isEqualTo("json");
        assertThat(Hex.encode(LeafEncoding.encode(event))).isEqualTo(hex.toString());
        assertThat(leaf).hasSize(229);
        assertThat(LeafEncoding.decode(leaf)).isEqualTo(event);
        assertThat(blocks.get(2).lines()).containsExactly(Hex.encode(LeafEncoding.leafHash(event)));
        assertThat(event.payloadRevision()).isEqualTo("1");
        assertThat(event.metadata()).isNull();
    }

    @Test
    void theExampleFilesAreThoseTheTestLogMakes() throws IOException {
        for (Map.Entry<String, String> file : ExampleFiles.contents().entrySet()) {
            assertThat(Files.readString(ExampleFiles.DIRECTORY.resolve(file.getKey())))
                    .as("examples/%s is out of date: rebuild with -Dverifier.writeExamples=true", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void theCheckpointSectionShowsTheExampleCheckpointAndWhatItSigns() throws Exception {
        List<Block> blocks = blocksAfter("### Checkpoint");
        Checkpoint shown = Json.MAPPER.readValue(String.join("\n", blocks.get(0).lines()), Checkpoint.class);
        assertThat(shown).isEqualTo(Json.MAPPER.readValue(
                Files.readString(ExampleFiles.DIRECTORY.resolve("checkpoint-20.json")), Checkpoint.class));
        assertThat(String.join("\n", blocks.get(1).lines()) + "\n")
                .isEqualTo(new String(shown.signedBytes(), StandardCharsets.UTF_8));
        assertThat(Checkpoints.verify(shown, List.of(Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY))).valid()).isTrue();
    }

    @Test
    void theCheckpointOfFormatV2AndWhatItSigns() throws Exception {
        List<Block> blocks = blocksAfter("### Checkpoint, format v2");
        Checkpoint shown = Json.MAPPER.readValue(String.join("\n", blocks.get(0).lines()), Checkpoint.class);
        assertThat(shown).isEqualTo(Json.MAPPER.readValue(
                Files.readString(ExampleFiles.DIRECTORY.resolve("checkpoint-40-v2.json")), Checkpoint.class));
        assertThat(shown.clients()).isEqualTo(3);
        assertThat(String.join("\n", blocks.get(1).lines()) + "\n")
                .isEqualTo(new String(shown.signedBytes(), StandardCharsets.UTF_8));
        assertThat(Checkpoints.verify(shown, List.of(Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY))).valid()).isTrue();
    }

    @Test
    void theWorkedExampleOfAClientEntry() throws Exception {
        List<Block> blocks = blocksAfter("### Worked example of a client entry");
        LogEvent event = LogEvent.fromJson(Json.MAPPER.readTree(String.join("\n", blocks.get(0).lines())));
        StringBuilder hex = new StringBuilder();
        for (String line : blocks.get(1).lines()) {
            hex.append(line.substring(0, line.indexOf('|')).strip());
        }
        ClientEntry entry = ClientEntry.of(event, 5).orElseThrow();
        assertThat(Hex.encode(entry.encode())).isEqualTo(hex.toString());
        assertThat(hex.length() / 2).isEqualTo(190);
        assertThat(ClientEntry.decode("c-7", HexFormat.of().parseHex(hex))).isEqualTo(entry);

        ClientChain.Head head = ClientChain.Head.start("c-7").then(entry);
        assertThat(blocks.get(2).lines()).containsExactly(
                "chain_1: " + Hex.encode(head.chainHash()),
                "map leaf of (c-7, 1, chain_1): " + Hex.encode(ClientMap.leafHash(head)));
    }

    @Test
    void everyCommandInTheConsoleBlocksPrintsWhatTheReadmeShows() {
        int commands = 0;
        for (Block block : blocks()) {
            if (!block.language().equals("console")) {
                continue;
            }
            List<String> lines = block.lines();
            Integer lastStatus = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.equals("$ echo $?")) {
                    assertThat(lines.get(i + 1)).as("README line %d", block.line() + i + 2)
                            .isEqualTo(String.valueOf(lastStatus));
                    i++;
                    continue;
                }
                assertThat(line).as("README line %d", block.line() + i + 1)
                        .startsWith("$ java -jar verifier/target/verifier.jar ");
                List<String> expected = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")) {
                    expected.add(lines.get(++i));
                }
                lastStatus = runAndCompare(line, expected);
                commands++;
            }
        }
        assertThat(commands).isEqualTo(12);
    }

    /** Runs a README command from the module's folder and compares its output; returns its exit status. */
    private static int runAndCompare(String command, List<String> expected) {
        String[] args = command.substring("$ java -jar verifier/target/verifier.jar ".length())
                .replace("verifier/examples/", "examples/").split(" ");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8).replaceAll("(?<![\\w/])examples/", "verifier/examples/");
        assertThat(printed.lines().toList()).as(command).isEqualTo(expected);
        assertThat(err.toString(StandardCharsets.UTF_8)).as(command).isEmpty();
        assertThat(status).as(command).isEqualTo(expected.equals(List.of("valid")) ? 0 : 1);
        return status;
    }

    private static List<Block> blocksAfter(String heading) {
        int at = readme.indexOf(heading);
        assertThat(at).as("README has the heading %s", heading).isNotNegative();
        return blocks().stream().filter(block -> block.line() > at).toList();
    }

    private static List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (readme.get(i).startsWith("```")) {
                String language = readme.get(i).substring(3).strip();
                int start = i;
                List<String> lines = new ArrayList<>();
                while (!readme.get(++i).startsWith("```")) {
                    lines.add(readme.get(i));
                }
                blocks.add(new Block(language, lines, start));
            }
        }
        return blocks;
    }
}
