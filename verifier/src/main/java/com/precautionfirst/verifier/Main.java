package com.precautionfirst.verifier;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The offline verifier's command line:
 * {@code java -jar verifier.jar --public-key KEY.pem [--public-key OLD.pem ...] [--json] FILE...}.
 * Each FILE is one JSON document, recognised by its top-level fields ({@link #KINDS}); checkpoints and proofs are
 * checked together ({@link Audit}), checkpoints in the order given; an export on its own ({@link ExportVerification}). Exit 0 and "valid" (or the JSON verdict with --json) when
 * everything verifies; 1 and one line "where: what" per problem (or the JSON verdict) when not; 2 and the usage
 * on bad arguments, unreadable files or keys, or a file that is none of the kinds.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar verifier.jar --public-key KEY.pem [--public-key OLD.pem ...] [--json] FILE...
              --public-key  a trusted Ed25519 public key (PEM); repeat it for keys used earlier
              --json        print the verdict as JSON: {"valid": ..., "problems": [{"where", "what"}]}
              FILE          a checkpoint, a consistency proof, an inclusion proof (JSON) or an insurer's export
                            (JSON, CSV or FHIR),
                            as the service answers them; give checkpoints in the order you received them, the
                            oldest first; an export is verified on its own (its checkpoint is inside)
            exit status: 0 valid, 1 problems found (one line each), 2 bad arguments or unreadable file""";

    /** How a file is read once its kind is known. */
    @FunctionalInterface
    interface Reader {
        /**
         * Reads the file: adds what is checked together with the other files to the audit, and answers what was
         * checked on its own (an export: {@link ExportVerification}).
         */
        Verdict read(Path file, String source, Audit audit, List<PublicKey> keys) throws IOException;
    }

    /** How a small document, read whole, is added to the audit. */
    @FunctionalInterface
    interface DocumentReader {
        void addTo(Audit audit, JsonNode json, String source) throws JsonProcessingException;
    }

    /** A kind of document: its name, the top-level members that identify it, and how to read it. */
    record Kind(String name, Predicate<Set<String>> recognises, Reader reader) {
    }

    /** The kinds of document, tried in this order. */
    static final List<Kind> KINDS = List.of(
            new Kind("checkpoint", members -> members.contains("treeSize") && members.contains("signature"),
                    document((audit, json, source) -> audit.addCheckpoint(
                            Json.MAPPER.treeToValue(json, Checkpoint.class), source))),
            new Kind("consistency proof", members -> members.containsAll(List.of("from", "to", "proof")),
                    document((audit, json, source) -> audit.addConsistencyProof(
                            Json.MAPPER.treeToValue(json, ConsistencyProof.class), source))),
            new Kind("inclusion proof", members -> members.contains("leafIndex") && members.contains("proof"),
                    document((audit, json, source) -> audit.addInclusionProof(
                            Json.MAPPER.treeToValue(json, InclusionProof.class), source))),
            // an insurer's export, verified on its own as it is read, one client at a time: never read whole
            // (a FHIR Bundle is recognised by its resourceType, a CSV export by not being JSON: ExportFormat)
            new Kind("export", members -> members.contains("export") && members.contains("clients")
                    || members.contains("resourceType"),
                    (file, source, audit, keys) -> {
                        try (InputStream in = Files.newInputStream(file)) {
                            return ExportVerification.verify(in, keys);
                        }
                    }));

    /** A reader of a document that is small enough to be read whole. */
    private static Reader document(DocumentReader reader) {
        return (file, source, audit, keys) -> {
            reader.addTo(audit, Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8)), source);
            return Verdict.ok();
        };
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<PublicKey> keys = new ArrayList<>();
        List<String> files = new ArrayList<>();
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--public-key")) {
                if (i + 1 == args.length) {
                    return usage(err, "--public-key needs a file");
                }
                String keyFile = args[++i];
                try {
                    keys.add(Keys.publicKeyFromPem(Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII)));
                } catch (IOException | RuntimeException e) {
                    return usage(err, "cannot read the public key " + keyFile + ": " + message(e));
                }
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if (arg.startsWith("-")) {
                return usage(err, "unknown option " + arg);
            } else {
                files.add(arg);
            }
        }
        if (keys.isEmpty()) {
            return usage(err, "give at least one --public-key");
        }
        if (files.isEmpty()) {
            return usage(err, "give at least one FILE");
        }

        Audit audit = new Audit();
        Verdict read = Verdict.ok();
        for (String file : files) {
            Set<String> members;
            try {
                members = isCsv(Path.of(file)) ? Set.of("export", "clients") : members(Path.of(file));
            } catch (IOException | RuntimeException e) {
                return usage(err, "cannot read " + file + ": " + message(e));
            }
            Kind kind = members == null ? null
                    : KINDS.stream().filter(k -> k.recognises().test(members)).findFirst().orElse(null);
            if (kind == null) {
                return usage(err, file + " is none of: " + String.join(", ", KINDS.stream().map(Kind::name).toList()));
            }
            try {
                read = read.and(kind.reader().read(Path.of(file), file, audit, keys));
            } catch (JsonProcessingException e) {
                read = read.and(Verdict.of(List.of(new Problem(file, "not a valid " + kind.name() + ": "
                        + e.getOriginalMessage()))));
            } catch (IOException e) {
                return usage(err, "cannot read " + file + ": " + message(e));
            }
        }

        Verdict verdict = read.and(audit.verify(keys));
        if (json) {
            try {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(verdict));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a verdict is always JSON", e);
            }
        } else if (verdict.valid()) {
            out.println("valid");
        } else {
            verdict.problems().forEach(problem -> out.println(problem.line()));
        }
        return verdict.valid() ? 0 : 1;
    }

    /**
     * The names of the top-level members of the file's JSON object, or null when its JSON is no object; read as a
     * stream (an export may be large), strictly: UTF-8, no member twice, nothing after the end.
     */
    static Set<String> members(Path file) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(Json.strictUtf8(Files.newInputStream(file)))) {
            JsonToken first = parser.nextToken();
            Set<String> members = first == JsonToken.START_OBJECT ? new HashSet<>() : null;
            if (members != null) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    members.add(parser.currentName());
                    parser.nextToken();
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
            JsonToken after = parser.nextToken();
            if (first == null || after != null) {
                throw new JsonParseException(parser, first == null ? "No content to map due to end-of-input"
                        : "Trailing token (of type " + after + ") found after value");
            }
            return members;
        }
    }

    /** Whether the file starts as an export in CSV does: not as JSON. */
    private static boolean isCsv(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), ExportVerification.SNIFF)) {
            return ExportFormat.of(in) == ExportFormat.CSV;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("verifier: " + message);
        err.println(USAGE);
        return 2;
    }

    private static String message(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
