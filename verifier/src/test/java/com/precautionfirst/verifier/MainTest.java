package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line, run in-process: honest files give 0 and "valid"; each tampered file gives 1 and a line naming
 * what is wrong; bad arguments and unreadable files give 2 and the usage.
 */
class MainTest {

    static final String KEY_ID = "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9";

    @TempDir
    Path dir;

    final TestLog log = new TestLog(40);
    final TestLog rewritten = log.withEventRewritten(5);

    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeEach
    void writeTheHonestFiles() throws IOException {
        Files.writeString(dir.resolve("key.pem"), Keys.toPem(Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY)));
        write("cp20.json", log.checkpoint(20));
        write("cp30.json", log.checkpoint(30));
        write("cp40.json", log.checkpoint(40));
        write("c20-30.json", log.consistency(20, 30));
        write("c30-40.json", log.consistency(30, 40));
        write("i7.json", log.inclusion(7, 20, true));
        write("i35.json", log.inclusion(35, 40, false));
    }

    @Test
    void honestFilesAreValid() {
        Run run = run("--public-key", "key.pem", "cp20.json", "cp30.json", "cp40.json", "c20-30.json", "c30-40.json",
                "i7.json", "i35.json");
        assertThat(run).isEqualTo(new Run(0, "valid\n", ""));
        assertThat(run("--public-key", "key.pem", "cp20.json")).isEqualTo(new Run(0, "valid\n", ""));
        // proofs before checkpoints: only the checkpoints' order counts
        assertThat(run("--public-key", "key.pem", "c20-30.json", "i7.json", "cp20.json", "cp30.json").status()).isZero();
        // the same checkpoint twice is neither a fork nor a shrink
        assertThat(run("--public-key", "key.pem", "cp30.json", "cp30.json").status()).isZero();
    }

    @Test
    void anExportIsVerifiedOnItsOwnWithTheSameProblemsAsTheLibrary() throws IOException {
        ExportFixture exported = ExportFixture.standard();
        Files.writeString(dir.resolve("export.json"), exported.honest().toPrettyString());
        assertThat(run("--public-key", "key.pem", "export.json")).isEqualTo(new Run(0, "valid\n", ""));
        // beside checkpoints and proofs, which are checked together as before
        assertThat(run("--public-key", "key.pem", "cp20.json", "export.json", "cp30.json", "c20-30.json"))
                .isEqualTo(new Run(0, "valid\n", ""));

        java.util.Set<Long> withoutTheLast = new java.util.HashSet<>(ExportFixture.SELECTED);
        withoutTheLast.remove(ExportFixture.LAST);
        String tampered = exported.export(withoutTheLast).toString();
        Files.writeString(dir.resolve("tampered.json"), tampered);
        Run run = run("--public-key", "key.pem", "tampered.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).containsExactlyElementsOf(ExportVerificationTest.verify(tampered).problems().stream()
                .map(Problem::line).toList());
        assertThat(run.lines()).containsExactly("client c-1, entry 13 (leaf 14): left out: the selection rule selects "
                + "this SessionEnded at 2025-03-01T10:14:00Z, but the export does not hold its event");

        Run json = run("--json", "--public-key", "key.pem", "tampered.json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(Json.MAPPER.valueToTree(
                ExportVerificationTest.verify(tampered)));

        Files.writeString(dir.resolve("other-key.pem"), Keys.toPem(Keys.generate().getPublic()));
        assertThat(run("--public-key", "other-key.pem", "export.json").out()).contains("which is not a trusted key");
        Files.writeString(dir.resolve("cut.json"), tampered.substring(0, tampered.length() - 1));
        assertUsage(run("--public-key", "key.pem", "cut.json"), "cannot read cut.json: Unexpected end-of-input");
    }

    @Test
    void anExportInCsvIsRecognisedByItsStartAndVerifiedWithTheLibrarysProblems() throws IOException {
        ExportFixture exported = ExportFixture.standard();
        Files.writeString(dir.resolve("export.csv"), ExportFixture.csv(exported.honest()));
        assertThat(run("--public-key", "key.pem", "cp20.json", "export.csv", "cp30.json", "c20-30.json"))
                .isEqualTo(new Run(0, "valid\n", ""));

        Set<Long> withoutTheRefusal = new HashSet<>(ExportFixture.SELECTED);
        withoutTheRefusal.remove(ExportFixture.REFUSAL);
        String tampered = ExportFixture.csv(exported.export(withoutTheRefusal));
        Files.writeString(dir.resolve("tampered.csv"), tampered);
        Run run = run("--public-key", "key.pem", "tampered.csv");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).containsExactly("client c-1, entry 5 (leaf 6): left out: the selection rule selects "
                + "this PrecautionBlocked at 2025-03-01T10:06:00Z, but the export does not hold its event");
        Run json = run("--json", "--public-key", "key.pem", "tampered.csv");
        assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(Json.MAPPER.valueToTree(
                ExportVerificationTest.verify(tampered)));
    }

    @Test
    void theJsonVerdict() throws Exception {
        Run valid = run("--public-key", "key.pem", "--json", "cp20.json", "cp30.json", "c20-30.json");
        assertThat(valid.status()).isZero();
        assertThat(Json.MAPPER.readTree(valid.out())).isEqualTo(Json.MAPPER.readTree("{\"valid\":true,\"problems\":[]}"));

        Run invalid = run("--json", "--public-key", "key.pem", "cp20.json", "cp30.json");
        assertThat(invalid.status()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(invalid.out())).isEqualTo(Json.MAPPER.readTree("{\"valid\":false,\"problems\":"
                + "[{\"where\":\"checkpoint tree-size 20 in cp20.json and checkpoint tree-size 30 in cp30.json\","
                + "\"what\":\"no consistency proof from 20 to 30\"}]}"));
    }

    @Test
    void aKeyRotationNeedsBothKeys() throws IOException {
        KeyPair newKey = Keys.generate();
        Files.writeString(dir.resolve("new.pem"), Keys.toPem(newKey.getPublic()));
        write("cp30.json", log.checkpoint(30, newKey.getPrivate()));
        assertThat(run("--public-key", "new.pem", "--public-key", "key.pem", "cp20.json", "cp30.json", "c20-30.json")
                .status()).isZero();
        Run oldKeyMissing = run("--public-key", "new.pem", "cp20.json", "cp30.json", "c20-30.json");
        assertThat(oldKeyMissing.status()).isEqualTo(1);
        assertThat(oldKeyMissing.lines()).containsExactly("checkpoint tree-size 20 in cp20.json: signed with key "
                + KEY_ID + ", which is not a trusted key (trusted: " + Keys.keyId(newKey.getPublic()) + ")");
    }

    // ---- tampered files: exit 1 and the problem named ----

    @Test
    void aCheckpointWhoseTreeSizeWasChangedAfterSigning() throws IOException {
        edit("cp30.json", json -> json.put("treeSize", 31));
        Run run = run("--public-key", "key.pem", "cp20.json", "cp30.json", "c20-30.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).contains("checkpoint tree-size 31 in cp30.json: signature does not verify with key " + KEY_ID);
    }

    @Test
    void aCheckpointWhoseRootOrTimeOrAccessLogHeadWasChanged() throws IOException {
        String otherHash = rewritten.root(30);
        for (Consumer<ObjectNode> change : List.<Consumer<ObjectNode>>of(
                json -> json.put("rootHash", otherHash),
                json -> json.put("issuedAt", "2025-03-01T08:31:00Z"),
                json -> json.put("accessLogHead", otherHash))) {
            write("cp30.json", log.checkpoint(30));
            edit("cp30.json", change);
            Run run = run("--public-key", "key.pem", "cp30.json");
            assertThat(run).isEqualTo(new Run(1,
                    "checkpoint tree-size 30 in cp30.json: signature does not verify with key " + KEY_ID + "\n", ""));
        }
    }

    @Test
    void aCheckpointSignedWithAnotherKey() throws IOException {
        KeyPair attacker = Keys.generate();
        write("forged.json", log.checkpoint(30, attacker.getPrivate()));
        Run run = run("--public-key", "key.pem", "cp20.json", "forged.json", "c20-30.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).containsExactly("checkpoint tree-size 30 in forged.json: signed with key "
                + Keys.keyId(attacker.getPublic()) + ", which is not a trusted key (trusted: " + KEY_ID + ")");
    }

    @Test
    void aCheckpointWithMalformedFields() throws IOException {
        edit("cp30.json", json -> json.put("rootHash", "not hex").put("signature", "***"));
        Run run = run("--public-key", "key.pem", "cp30.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).containsExactly(
                "checkpoint tree-size 30 in cp30.json: root-hash is not a SHA-256 hash in lowercase hex: \"not hex\"",
                "checkpoint tree-size 30 in cp30.json: signature is not base64 of 64 bytes: \"***\"");
    }

    @Test
    void aCheckpointThatIsNotOneAtAll() throws IOException {
        edit("cp30.json", json -> json.remove("rootHash"));
        edit("cp40.json", json -> json.put("treeSize", "40"));
        Run run = run("--public-key", "key.pem", "cp30.json", "cp40.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).startsWith("cp30.json: not a valid checkpoint: ").contains("rootHash");
        assertThat(run.lines().get(1)).startsWith("cp40.json: not a valid checkpoint: ");
    }

    @Test
    void aRewrittenLogSignedAgainIsCaughtByTheCheckpointKeptBefore() throws IOException {
        // an attacker rewrote event 5 in the database; the service signs what it now finds
        write("cp40.json", rewritten.checkpoint(40));
        write("c30-40.json", rewritten.consistency(30, 40));
        Run run = run("--public-key", "key.pem", "cp30.json", "cp40.json", "c30-40.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).containsExactly("consistency proof from 30 to 40 in c30-40.json: does not verify: the log "
                + "was rewritten (root " + log.root(30) + " at size 30 is not a prefix of root " + rewritten.root(40)
                + " at size 40)");
    }

    @Test
    void aTamperedConsistencyProof() throws IOException {
        edit("c30-40.json", json -> ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("proof"))
                .set(0, json.get("proof").get(1)));
        Run run = run("--public-key", "key.pem", "cp30.json", "cp40.json", "c30-40.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString()
                .startsWith("consistency proof from 30 to 40 in c30-40.json: does not verify: the log was rewritten");
    }

    @Test
    void aConsistencyProofWithSwappedSizes() throws IOException {
        edit("c30-40.json", json -> json.put("from", 40).put("to", 30));
        Run run = run("--public-key", "key.pem", "cp30.json", "cp40.json", "c30-40.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).contains(
                "checkpoint tree-size 30 in cp30.json and checkpoint tree-size 40 in cp40.json: no consistency proof from 30 to 40");
        assertThat(run.lines()).contains("consistency proof from 40 to 30 in c30-40.json: goes from a larger tree "
                + "to a smaller one: a log only grows");
    }

    @Test
    void aMissingConsistencyProof() {
        Run run = run("--public-key", "key.pem", "cp20.json", "cp30.json", "cp40.json", "c30-40.json");
        assertThat(run).isEqualTo(new Run(1, "checkpoint tree-size 20 in cp20.json and checkpoint tree-size 30 in "
                + "cp30.json: no consistency proof from 20 to 30\n", ""));
    }

    @Test
    void aConsistencyProofThatCannotBeChecked() {
        Run run = run("--public-key", "key.pem", "cp30.json", "c20-30.json");
        assertThat(run).isEqualTo(new Run(1, "consistency proof from 20 to 30 in c20-30.json: cannot be checked: "
                + "no checkpoint of tree size 20 among the documents\n", ""));
    }

    @Test
    void aForkedLog() throws IOException {
        write("cp30-other.json", rewritten.checkpoint(30));
        Run run = run("--public-key", "key.pem", "cp30.json", "cp30-other.json");
        assertThat(run).isEqualTo(new Run(1, "checkpoints tree-size 30: two different trees of size 30: the log was "
                + "forked (root " + log.root(30) + " in cp30.json; root " + rewritten.root(30) + " in cp30-other.json)\n", ""));
    }

    @Test
    void checkpointsOfFormatV2VerifyBesideThoseOfV1() throws IOException {
        write("cp30v2.json", log.checkpointV2(30));
        write("cp40v2.json", log.checkpointV2(40));
        assertThat(run("--public-key", "key.pem", "cp20.json", "cp30v2.json", "cp40v2.json", "c20-30.json",
                "c30-40.json", "i35.json")).isEqualTo(new Run(0, "valid\n", ""));
        // a v1 and a v2 checkpoint of one log and size: the same tree, no fork
        assertThat(run("--public-key", "key.pem", "cp40.json", "cp40v2.json").status()).isZero();

        edit("cp40v2.json", json -> json.put("clientMapRoot", rewritten.root(40)));
        assertThat(run("--public-key", "key.pem", "cp40v2.json")).isEqualTo(new Run(1,
                "checkpoint tree-size 40 in cp40v2.json: signature does not verify with key " + KEY_ID + "\n", ""));
    }

    @Test
    void aForkedClientMap() throws IOException {
        Checkpoint honest = log.checkpointV2(40);
        write("cp40v2.json", honest);
        // the same tree, but the chains of another history: one client's head left out, signed with the key
        write("cp40v2-other.json", Checkpoints.sign(40, honest.rootHash(), honest.issuedAt(), honest.accessLogHead(),
                2, Hex.encode(ClientMap.root(log.heads(40).subList(0, 2))), TestLog.RFC8032_TEST_KEY));
        Run run = run("--public-key", "key.pem", "cp40v2.json", "cp40v2-other.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith("checkpoints tree-size 40: two different client "
                + "maps for the log of size 40: the clients' chains were forked (client-map-root "
                + honest.clientMapRoot() + " of 3 clients in cp40v2.json; client-map-root ");
    }

    @Test
    void aShrunkenLog() {
        Run run = run("--public-key", "key.pem", "cp30.json", "cp20.json", "c20-30.json");
        assertThat(run).isEqualTo(new Run(1, "checkpoint tree-size 20 in cp20.json: the log shrank from 30 to 20: "
                + "events were removed (checkpoint tree-size 30 in cp30.json came before it)\n", ""));
    }

    @Test
    void anInclusionProofWithoutACheckpointOfItsSize() {
        Run run = run("--public-key", "key.pem", "cp30.json", "i7.json");
        assertThat(run).isEqualTo(new Run(1, "inclusion proof of event event-0007 (leaf 7 of 20) in i7.json: cannot "
                + "be checked: no checkpoint of tree size 20 among the documents\n", ""));
    }

    @Test
    void aTamperedInclusionProof() throws IOException {
        edit("i35.json", json -> json.put("leafIndex", 34));
        Run run = run("--public-key", "key.pem", "cp40.json", "i35.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith("inclusion proof of event event-0035 (leaf 34 of 40) "
                + "in i35.json: does not verify against the checkpoint of tree size 40");
    }

    @Test
    void aRewrittenEventIsNotInTheSignedTree() throws IOException {
        write("i5.json", rewritten.inclusion(5, 20, true));
        Run run = run("--public-key", "key.pem", "cp20.json", "i5.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith("inclusion proof of event event-0005 (leaf 5 of 20) "
                + "in i5.json: does not verify against the checkpoint of tree size 20");
    }

    @Test
    void leafBytesThatDoNotMatchTheLeafHash() throws IOException {
        String otherLeaf = log.inclusion(8, 20, true).leaf();
        edit("i7.json", json -> json.put("leaf", otherLeaf));
        Run run = run("--public-key", "key.pem", "cp20.json", "i7.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).containsExactly("inclusion proof of event event-0007 (leaf 7 of 20) in i7.json: the leaf "
                + "bytes hash to " + Hex.encode(log.leafHashes.get(8)) + ", not to the leafHash " + Hex.encode(log.leafHashes.get(7)));
    }

    @Test
    void everyProblemIsOneLine() throws IOException {
        write("cp40.json", rewritten.checkpoint(40));
        write("cp30-other.json", rewritten.checkpoint(30));
        Run run = run("--public-key", "key.pem", "cp30.json", "cp20.json", "cp40.json", "cp30-other.json", "i35.json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).hasSizeGreaterThanOrEqualTo(4).allSatisfy(line -> assertThat(line).contains(": "));
        assertThat(run.err()).isEmpty();
    }

    // ---- bad arguments and unreadable files: exit 2 and the usage ----

    @Test
    void badArgumentsAndUnreadableFiles() throws Exception {
        Files.writeString(dir.resolve("not-json.json"), "{\"treeSize\": 3,");
        Files.writeString(dir.resolve("array.json"), "[1, 2]");
        Files.writeString(dir.resolve("unknown.json"), "{\"hello\": \"world\"}");
        Files.writeString(dir.resolve("twice.json"), "{\"treeSize\": 3, \"treeSize\": 4, \"signature\": \"\"}");
        Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        assertUsage(run(), "give at least one --public-key");
        assertUsage(run("cp20.json"), "give at least one --public-key");
        assertUsage(run("--public-key", "key.pem"), "give at least one FILE");
        assertUsage(run("cp20.json", "--public-key"), "--public-key needs a file");
        assertUsage(run("--public-key", "missing.pem", "cp20.json"), "cannot read the public key missing.pem: no such file");
        assertUsage(run("--public-key", "cp20.json", "cp20.json"), "cannot read the public key cp20.json: no \"-----BEGIN PUBLIC KEY-----\"");
        assertUsage(run("--public-key", "rsa.pem", "cp20.json"), "cannot read the public key rsa.pem: not an Ed25519 public key");
        assertUsage(run("--public-key", "key.pem", "--verbose", "cp20.json"), "unknown option --verbose");
        assertUsage(run("--public-key", "key.pem", "cp20.json", "missing.json"), "cannot read missing.json: no such file");
        assertUsage(run("--public-key", "key.pem", "not-json.json"), "cannot read not-json.json: ");
        assertUsage(run("--public-key", "key.pem", "twice.json"), "cannot read twice.json: Duplicate field 'treeSize'");
        assertUsage(run("--public-key", "key.pem", "array.json"),
                "array.json is none of: checkpoint, consistency proof, inclusion proof, export");
        assertUsage(run("--public-key", "key.pem", "unknown.json"),
                "unknown.json is none of: checkpoint, consistency proof, inclusion proof, export");
    }

    @Test
    void help() {
        Run run = run("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("usage: java -jar verifier.jar --public-key KEY.pem");
    }

    private static void assertUsage(Run run, String message) {
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("verifier: " + message).contains("usage: java -jar verifier.jar");
    }

    private Run run(String... args) {
        List<String> resolved = new ArrayList<>();
        for (String arg : args) {
            // file names relative to the temporary folder; the output is shown relative to it again
            resolved.add(arg.startsWith("-") ? arg : dir.resolve(arg).toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(resolved.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String prefix = dir.toString() + java.io.File.separator;
        return new Run(status, out.toString(StandardCharsets.UTF_8).replace(prefix, ""),
                err.toString(StandardCharsets.UTF_8).replace(prefix, ""));
    }

    private void write(String file, Object document) throws IOException {
        Files.writeString(dir.resolve(file), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }

    private void edit(String file, Consumer<ObjectNode> change) throws IOException {
        JsonNode json = Json.MAPPER.readTree(Files.readString(dir.resolve(file)));
        change.accept((ObjectNode) json);
        Files.writeString(dir.resolve(file), Json.MAPPER.writeValueAsString(json));
    }
}
