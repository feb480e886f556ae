package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built jars, as they are shipped: target/verifier.jar runs on its own with {@code java -jar} (Main-Class set,
 * Jackson and its CSV module inside, so exports in JSON and CSV), and the module's main artifact stays the thin
 * library jar the query side depends on.
 */
class VerifierJarIT {

    static final Path JAR = Path.of("target", "verifier.jar");

    record Result(int status, String out, String err) {
    }

    @Test
    void theExecutableJarVerifiesTheExampleFiles() throws Exception {
        Result valid = java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem",
                "examples/checkpoint-20.json", "examples/checkpoint-40.json", "examples/consistency-20-40.json",
                "examples/inclusion-event-0007.json");
        assertThat(valid).isEqualTo(new Result(0, "valid\n", ""));

        Result rewritten = java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem",
                "examples/checkpoint-20.json", "examples/checkpoint-40-rewritten.json",
                "examples/consistency-20-40-rewritten.json");
        assertThat(rewritten.status()).isEqualTo(1);
        assertThat(rewritten.out()).contains("does not verify: the log was rewritten");

        Result json = java("-jar", JAR.toString(), "--json", "--public-key", "examples/test-key.pem",
                "examples/checkpoint-20.json");
        assertThat(json.status()).isZero();
        assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(Json.MAPPER.readTree("{\"valid\":true,\"problems\":[]}"));

        Result export = java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem", "examples/export.json");
        assertThat(export).isEqualTo(new Result(0, "valid\n", ""));
        Result dropped = java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem",
                "examples/export-refusal-dropped.json");
        assertThat(dropped).isEqualTo(new Result(1, "client c-1, entry 5 (leaf 6): left out: the selection rule "
                + "selects this PrecautionBlocked at 2025-03-01T10:06:00Z, but the export does not hold its event\n", ""));

        // FHIR: HAPI's structures inside the jar, the same verdicts
        assertThat(java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem", "examples/export.fhir.json"))
                .isEqualTo(export);
        assertThat(java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem",
                "examples/export-refusal-dropped.fhir.json")).isEqualTo(dropped);
        Result csv = java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem", "examples/export.csv");
        assertThat(csv).isEqualTo(new Result(0, "valid\n", ""));
        Result droppedFromCsv = java("-jar", JAR.toString(), "--public-key", "examples/test-key.pem",
                "examples/export-refusal-dropped.csv");
        assertThat(droppedFromCsv).isEqualTo(dropped);

        Result usage = java("-jar", JAR.toString(), "examples/checkpoint-20.json");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).startsWith("verifier: give at least one --public-key");
    }

    @Test
    void theMainArtifactIsTheThinLibraryJar() throws IOException {
        Path thin;
        try (var files = Files.list(Path.of("target"))) {
            thin = files.filter(f -> f.getFileName().toString().matches("verifier-.+\\.jar")).findFirst().orElseThrow();
        }
        try (JarFile library = new JarFile(thin.toFile()); JarFile executable = new JarFile(JAR.toFile())) {
            assertThat(library.getEntry("com/precautionfirst/verifier/MerkleTree.class")).isNotNull();
            assertThat(library.stream().anyMatch(e -> e.getName().startsWith("com/fasterxml/"))).isFalse();
            assertThat(executable.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
            assertThat(executable.getEntry("com/fasterxml/jackson/dataformat/csv/CsvMapper.class")).isNotNull();
            assertThat(executable.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("com.precautionfirst.verifier.Main");
        }
    }

    private static Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("verifier-out", ".txt");
        Path err = Files.createTempFile("verifier-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("java -jar finished").isTrue();
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
