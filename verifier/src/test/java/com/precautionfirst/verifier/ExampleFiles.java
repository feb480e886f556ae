package com.precautionfirst.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files in verifier/examples, which the README's commands use: a log of 40 events signed with the RFC 8032
 * test key (checkpoints of format v1, and one of v2 with the client map), and the same log after an attacker
 * rewrote event 5 in the database and the service signed what it then found; and an insurer's export of a client
 * ({@link ExportFixture}), honest and with a refusal dropped, in JSON, CSV and FHIR. Ed25519 is deterministic, so the
 * files are the same every time. {@code ReadmeTest} checks they are up to date;
 * {@code ./mvnw -o -pl verifier verify -Dverifier.writeExamples=true} rewrites them.
 */
final class ExampleFiles {

    static final Path DIRECTORY = Path.of("examples");

    private ExampleFiles() {
    }

    static Map<String, String> contents() {
        TestLog log = new TestLog(40);
        TestLog rewritten = log.withEventRewritten(5);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("test-key.pem", Keys.toPem(Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY)));
        files.put("checkpoint-20.json", json(log.checkpoint(20)));
        files.put("checkpoint-40.json", json(log.checkpoint(40)));
        files.put("checkpoint-40-v2.json", json(log.checkpointV2(40)));
        files.put("consistency-20-40.json", json(log.consistency(20, 40)));
        files.put("inclusion-event-0007.json", json(log.inclusion(7, 40, true)));
        files.put("checkpoint-40-rewritten.json", json(rewritten.checkpoint(40)));
        files.put("consistency-20-40-rewritten.json", json(rewritten.consistency(20, 40)));
        ExportFixture exported = ExportFixture.standard();
        files.put("export.json", json(exported.honest()));
        java.util.Set<Long> withoutTheRefusal = new java.util.TreeSet<>(ExportFixture.SELECTED);
        withoutTheRefusal.remove(ExportFixture.REFUSAL);
        files.put("export-refusal-dropped.json", json(exported.export(withoutTheRefusal)));
        files.put("export.fhir.json", json(fhir(exported.honest())));
        files.put("export-refusal-dropped.fhir.json", json(fhir(exported.export(withoutTheRefusal))));
        files.put("export.csv", ExportFixture.csv(exported.honest()));
        files.put("export-refusal-dropped.csv", ExportFixture.csv(exported.export(withoutTheRefusal)));
        return files;
    }

    static void write() throws IOException {
        Files.createDirectories(DIRECTORY);
        for (Map.Entry<String, String> file : contents().entrySet()) {
            Files.writeString(DIRECTORY.resolve(file.getKey()), file.getValue());
        }
    }

    /** The export in FHIR, as a tree (so that it is written indented like the other files). */
    private static Object fhir(Object export) {
        try {
            return Json.MAPPER.readTree(ExportFixture.fhir(Json.MAPPER.valueToTree(export)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object document) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
