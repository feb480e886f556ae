package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client map computed from a stream of heads gives exactly the map {@link ClientMap#of} builds in memory: the same
 * count, root and proof for every client, at every size up to 70 (every shape of frontier up to 64 and past it),
 * and refuses heads that do not come in the map's order.
 */
class StreamedClientMapTest {

    @Test
    void everyRootAndEveryProofEqualThoseOfTheMapBuiltInMemory() {
        for (int clients = 0; clients <= 70; clients++) {
            List<ClientChain.Head> heads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                heads.add(head(String.format("c-%03d", i), i + 1));
            }
            ClientMap inMemory = ClientMap.of(heads);
            StreamedClientMap streamed = new StreamedClientMap(500,
                    heads.stream().map(ClientChain.Head::clientId).toList());
            heads.forEach(streamed::add);

            assertThat(streamed.clients()).isEqualTo(inMemory.clients());
            assertThat(Hex.encode(streamed.root())).as("%d clients", clients).isEqualTo(Hex.encode(inMemory.root()));
            for (ClientChain.Head head : heads) {
                assertThat(streamed.proof(head.clientId())).as("%s of %d", head.clientId(), clients)
                        .isEqualTo(inMemory.proof(head.clientId(), 500));
            }
        }
    }

    @Test
    void onlyTheProofsAskedForAreKept() {
        StreamedClientMap streamed = new StreamedClientMap(9, Set.of("b", "z"));
        for (String id : List.of("a", "b", "c", "d", "e")) {
            streamed.add(head(id, 1));
        }
        ClientMapProof proof = streamed.proof("b").orElseThrow();
        assertThat(proof.index()).isEqualTo(1);
        assertThat(proof.clients()).isEqualTo(5);
        assertThat(proof.treeSize()).isEqualTo(9);
        assertThat(ClientMap.verify(head("b", 1), 1, 5, proof.path().stream().map(Hex::decode).toList(),
                streamed.root())).isTrue();
        assertThat(streamed.proof("a")).as("not asked for").isEmpty();
        assertThat(streamed.proof("z")).as("asked for, never added").isEmpty();
    }

    @Test
    void headsOutOfTheOrderOfTheBytesAreRefused() {
        // U+FF21 (EF BC A1) comes before U+1F600 (F0 9F 98 80) in UTF-8, after it in Java's UTF-16 order
        String fullwidthA = "\uFF21";
        String emoji = new String(Character.toChars(0x1F600));
        StreamedClientMap inOrder = new StreamedClientMap(1, Set.of());
        inOrder.add(head(fullwidthA, 1));
        inOrder.add(head(emoji, 1));
        assertThat(inOrder.root()).isEqualTo(ClientMap.of(List.of(head(emoji, 1), head(fullwidthA, 1))).root());

        StreamedClientMap javaOrder = new StreamedClientMap(1, Set.of());
        javaOrder.add(head(emoji, 1));
        assertThatThrownBy(() -> javaOrder.add(head(fullwidthA, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not come after client " + emoji);

        StreamedClientMap twice = new StreamedClientMap(1, Set.of());
        twice.add(head("a", 1));
        assertThatThrownBy(() -> twice.add(head("a", 2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> twice.add(head("b", 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no entries");
        assertThat(twice.clients()).isEqualTo(1);
    }

    private static ClientChain.Head head(String clientId, long count) {
        return new ClientChain.Head(clientId, count, MerkleTree.leafHash(clientId.getBytes(StandardCharsets.UTF_8)));
    }
}
