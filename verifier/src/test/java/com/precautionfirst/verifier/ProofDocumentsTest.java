package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofDocumentsTest {

    final TestLog log = new TestLog(30);
    final Checkpoint checkpoint20 = log.checkpoint(20);
    final Checkpoint checkpoint30 = log.checkpoint(30);

    @Test
    void theJsonFieldsAreExactlyThoseTheServiceAnswers() throws Exception {
        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(log.consistency(20, 30))).fieldNames())
                .toIterable().containsExactly("from", "to", "proof");
        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(log.inclusion(7, 20, false))).fieldNames())
                .toIterable().containsExactly("eventIdentifier", "leafIndex", "treeSize", "leafHash", "proof");
        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(log.inclusion(7, 20, true))).fieldNames())
                .toIterable().containsExactly("eventIdentifier", "leafIndex", "treeSize", "leafHash", "proof", "leaf");
        InclusionProof proof = log.inclusion(7, 20, true);
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(proof), InclusionProof.class)).isEqualTo(proof);
    }

    @Test
    void honestProofsVerify() {
        assertThat(log.consistency(20, 30).verify(checkpoint20, checkpoint30)).isEqualTo(Verdict.ok());
        assertThat(log.inclusion(7, 20, false).verify(checkpoint20)).isEqualTo(Verdict.ok());
        assertThat(log.inclusion(7, 20, true).verify(checkpoint20)).isEqualTo(Verdict.ok());
        assertThat(log.inclusion(29, 30, true).verify(checkpoint30)).isEqualTo(Verdict.ok());
    }

    @Test
    void aRewrittenEventIsNotInTheSignedTree() {
        TestLog rewritten = log.withEventRewritten(7);
        assertThat(rewritten.inclusion(7, 20, true).verify(checkpoint20).problems()).singleElement()
                .satisfies(p -> assertThat(p.what()).startsWith("does not verify against the checkpoint of tree size 20"));
        assertThat(rewritten.consistency(20, 30).verify(checkpoint20, rewritten.checkpoint(30)).problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.where()).isEqualTo("consistency proof from 20 to 30");
                    assertThat(p.what()).startsWith("does not verify: the log was rewritten");
                });
    }

    @Test
    void leafBytesAreCheckedAgainstTheLeafHashAndTheEventNamed() {
        InclusionProof honest = log.inclusion(7, 20, true);
        InclusionProof otherLeafBytes = withLeaf(honest, LeafEncoding.encode(log.events.get(8)));
        assertThat(otherLeafBytes.verify(checkpoint20).problems()).extracting(Problem::what)
                .containsExactly("the leaf bytes hash to " + Hex.encode(log.leafHashes.get(8))
                        + ", not to the leafHash " + honest.leafHash());

        InclusionProof otherEventName = new InclusionProof("event-0003", 7, 20, honest.leafHash(), honest.proof(),
                honest.leaf());
        assertThat(otherEventName.verify(checkpoint20).problems()).extracting(Problem::what)
                .containsExactly("the leaf is event event-0007, not event-0003");

        byte[] notAnEvent = {1, 2, 3};
        InclusionProof undecodable = new InclusionProof("event-0007", 7, 20, Hex.encode(MerkleTree.leafHash(notAnEvent)),
                honest.proof(), Base64.getEncoder().encodeToString(notAnEvent));
        assertThat(undecodable.verify(checkpoint20).problems()).extracting(Problem::what)
                .anySatisfy(what -> assertThat(what).startsWith("the leaf is not an encoded event"));

        InclusionProof notBase64 = new InclusionProof("event-0007", 7, 20, honest.leafHash(), honest.proof(), "@@");
        assertThat(notBase64.verify(checkpoint20).problems()).extracting(Problem::what)
                .anySatisfy(what -> assertThat(what).startsWith("leaf is not base64"));
    }

    @Test
    void malformedDocumentsAreProblemsNamingTheField() {
        InclusionProof honest = log.inclusion(7, 20, false);
        List<String> badProof = new ArrayList<>(honest.proof());
        badProof.set(2, "XYZ");
        assertThat(new InclusionProof("event-0007", 7, 20, honest.leafHash(), badProof, null).verify(checkpoint20)
                .problems()).extracting(Problem::what).containsExactly("proof element 2 is not a SHA-256 hash in lowercase hex: \"XYZ\"");
        assertThat(new InclusionProof("event-0007", 7, 20, "zz", honest.proof(), null).verify(checkpoint20).problems())
                .extracting(Problem::what).containsExactly("leafHash is not a SHA-256 hash in lowercase hex: \"zz\"");
        assertThat(new InclusionProof("event-0007", 7, 20, honest.leafHash(), null, null).verify(checkpoint20).problems())
                .extracting(Problem::what).containsExactly("has no proof");
        assertThat(honest.verify(checkpoint30).problems()).extracting(Problem::what)
                .containsExactly("is a proof for the tree of size 20, not of size 30");
        assertThat(log.consistency(20, 30).verify(checkpoint30, checkpoint20).problems()).extracting(Problem::what)
                .containsExactly("is a proof from 20 to 30, not from 30 to 20");
        assertThat(new ConsistencyProof(20, 30, List.of("00")).verify(checkpoint20, checkpoint30).problems())
                .extracting(Problem::what).containsExactly("proof element 0 is not a SHA-256 hash in lowercase hex: \"00\"");
    }

    @Test
    void proofsAreNamedByWhatTheyProve() {
        assertThat(log.inclusion(7, 20, false).where()).isEqualTo("inclusion proof of event event-0007 (leaf 7 of 20)");
        assertThat(log.consistency(20, 30).where()).isEqualTo("consistency proof from 20 to 30");
    }

    private static InclusionProof withLeaf(InclusionProof proof, byte[] leaf) {
        return new InclusionProof(proof.eventIdentifier(), proof.leafIndex(), proof.treeSize(), proof.leafHash(),
                proof.proof(), Base64.getEncoder().encodeToString(leaf));
    }
}
