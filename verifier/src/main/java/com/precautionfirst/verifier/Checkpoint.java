package com.precautionfirst.verifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;

/**
 * A signed tree head: the service states that its log had {@code treeSize} events with Merkle root
 * {@code rootHash} (lowercase hex) at {@code issuedAt} (an ISO-8601 instant, exactly the string that was signed),
 * and that its access log's latest entry hash was {@code accessLogHead} (lowercase hex). {@code keyId} names the
 * Ed25519 key ({@link Keys#keyId}), {@code signature} is base64 of the Ed25519 signature over
 * {@link #signedBytes()}. JSON field names are the component names.
 *
 * <p>Format v2 (decision 0060) adds the client map as of {@code treeSize}: {@code clients}, the number of clients
 * whose chain has entries, and {@code clientMapRoot}, the root of {@link ClientMap} over their heads (lowercase
 * hex). A checkpoint of format v1 has neither: both are null, and left out of its JSON.
 *
 * <p>The record holds whatever a file says, well-formed or not: {@link Checkpoints#verify} decides.
 */
public record Checkpoint(
        @JsonProperty(required = true) long treeSize,
        @JsonProperty(required = true) String rootHash,
        @JsonProperty(required = true) String issuedAt,
        @JsonProperty(required = true) String keyId,
        @JsonProperty(required = true) String signature,
        @JsonProperty(required = true) String accessLogHead,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long clients,
        @JsonInclude(JsonInclude.Include.NON_NULL) String clientMapRoot) {

    /** The first line of the signed text of format v1, without a client map. */
    public static final String FORMAT = "precaution-first treatment log checkpoint v1";
    /** The first line of the signed text of format v2, with the client map; a new format gets a new version. */
    public static final String FORMAT_V2 = "precaution-first treatment log checkpoint v2";

    /** A checkpoint of format v1: no client map. */
    public Checkpoint(long treeSize, String rootHash, String issuedAt, String keyId, String signature,
                      String accessLogHead) {
        this(treeSize, rootHash, issuedAt, keyId, signature, accessLogHead, null, null);
    }

    /** Whether this is of format v2: it names a client count or a client map root (a well-formed one, both). */
    public boolean hasClientMap() {
        return clients != null || clientMapRoot != null;
    }

    /**
     * The bytes the signature covers: the UTF-8 of these lines, each ending in "\n". Format v1, six lines:
     * <pre>
     * precaution-first treatment log checkpoint v1
     * tree-size &lt;treeSize in decimal&gt;
     * root-hash &lt;rootHash&gt;
     * issued-at &lt;issuedAt&gt;
     * key-id &lt;keyId&gt;
     * access-log-head &lt;accessLogHead&gt;
     * </pre>
     * Format v2 ({@link #hasClientMap()}), eight lines: the first says {@code v2}, then the same five, then
     * <pre>
     * clients &lt;clients in decimal&gt;
     * client-map-root &lt;clientMapRoot&gt;
     * </pre>
     */
    public byte[] signedBytes() {
        String text = (hasClientMap() ? FORMAT_V2 : FORMAT) + "\n"
                + "tree-size " + treeSize + "\n"
                + "root-hash " + rootHash + "\n"
                + "issued-at " + issuedAt + "\n"
                + "key-id " + keyId + "\n"
                + "access-log-head " + accessLogHead + "\n";
        if (hasClientMap()) {
            text += "clients " + clients + "\n"
                    + "client-map-root " + clientMapRoot + "\n";
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
