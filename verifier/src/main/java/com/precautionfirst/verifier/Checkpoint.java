package com.precautionfirst.verifier;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;

/**
 * A signed tree head: the service states that its log had {@code treeSize} events with Merkle root
 * {@code rootHash} (lowercase hex) at {@code issuedAt} (an ISO-8601 instant, exactly the string that was signed),
 * and that its access log's latest entry hash was {@code accessLogHead} (lowercase hex). {@code keyId} names the
 * Ed25519 key ({@link Keys#keyId}), {@code signature} is base64 of the Ed25519 signature over
 * {@link #signedBytes()}. JSON field names are the component names.
 *
 * <p>The record holds whatever a file says, well-formed or not: {@link Checkpoints#verify} decides.
 */
public record Checkpoint(
        @JsonProperty(required = true) long treeSize,
        @JsonProperty(required = true) String rootHash,
        @JsonProperty(required = true) String issuedAt,
        @JsonProperty(required = true) String keyId,
        @JsonProperty(required = true) String signature,
        @JsonProperty(required = true) String accessLogHead) {

    /** The first line of the signed text; a new format gets a new version here. */
    public static final String FORMAT = "precaution-first treatment log checkpoint v1";

    /**
     * The bytes the signature covers: the UTF-8 of these six lines, each ending in "\n":
     * <pre>
     * precaution-first treatment log checkpoint v1
     * tree-size &lt;treeSize in decimal&gt;
     * root-hash &lt;rootHash&gt;
     * issued-at &lt;issuedAt&gt;
     * key-id &lt;keyId&gt;
     * access-log-head &lt;accessLogHead&gt;
     * </pre>
     */
    public byte[] signedBytes() {
        String text = FORMAT + "\n"
                + "tree-size " + treeSize + "\n"
                + "root-hash " + rootHash + "\n"
                + "issued-at " + issuedAt + "\n"
                + "key-id " + keyId + "\n"
                + "access-log-head " + accessLogHead + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
