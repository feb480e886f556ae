package com.precautionfirst.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The offline verifier's command line:
 * {@code java -jar verifier.jar --public-key KEY.pem [--public-key OLD.pem ...] [--json] FILE...}.
 * Each FILE is one JSON document, recognised by its fields ({@link #KINDS}); all of them are checked together
 * ({@link Audit}), checkpoints in the order given. Exit 0 and "valid" (or the JSON verdict with --json) when
 * everything verifies; 1 and one line "where: what" per problem (or the JSON verdict) when not; 2 and the usage
 * on bad arguments, unreadable files or keys, or a file that is none of the kinds.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar verifier.jar --public-key KEY.pem [--public-key OLD.pem ...] [--json] FILE...
              --public-key  a trusted Ed25519 public key (PEM); repeat it for keys used earlier
              --json        print the verdict as JSON: {"valid": ..., "problems": [{"where", "what"}]}
              FILE          a checkpoint, a consistency proof or an inclusion proof (JSON), as the service
                            answers them; give checkpoints in the order you received them, the oldest first
            exit status: 0 valid, 1 problems found (one line each), 2 bad arguments or unreadable file""";

    /** How a document is added to the audit once its kind is known. */
    @FunctionalInterface
    interface Reader {
        void addTo(Audit audit, JsonNode json, String source) throws JsonProcessingException;
    }

    /** A kind of document: its name, the fields that identify it, and how to read it. */
    record Kind(String name, Predicate<JsonNode> recognises, Reader reader) {
    }

    /** The kinds of document, tried in this order; a new kind (an export, say) is one more entry. */
    static final List<Kind> KINDS = List.of(
            new Kind("checkpoint", json -> json.has("treeSize") && json.has("signature"),
                    (audit, json, source) -> audit.addCheckpoint(
                            Json.MAPPER.treeToValue(json, Checkpoint.class), source)),
            new Kind("consistency proof", json -> json.has("from") && json.has("to") && json.has("proof"),
                    (audit, json, source) -> audit.addConsistencyProof(
                            Json.MAPPER.treeToValue(json, ConsistencyProof.class), source)),
            new Kind("inclusion proof", json -> json.has("leafIndex") && json.has("proof"),
                    (audit, json, source) -> audit.addInclusionProof(
                            Json.MAPPER.treeToValue(json, InclusionProof.class), source)));

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
        List<Problem> unreadable = new ArrayList<>();
        for (String file : files) {
            JsonNode document;
            try {
                document = Json.MAPPER.readTree(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return usage(err, "cannot read " + file + ": " + message(e));
            }
            Kind kind = document == null || !document.isObject() ? null
                    : KINDS.stream().filter(k -> k.recognises().test(document)).findFirst().orElse(null);
            if (kind == null) {
                return usage(err, file + " is none of: " + String.join(", ", KINDS.stream().map(Kind::name).toList()));
            }
            try {
                kind.reader().addTo(audit, document, file);
            } catch (JsonProcessingException e) {
                unreadable.add(new Problem(file, "not a valid " + kind.name() + ": " + e.getOriginalMessage()));
            }
        }

        Verdict verdict = Verdict.of(unreadable).and(audit.verify(keys));
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
