package com.precautionfirst.query.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Answers a stored read-model document as it is stored, so that equal documents are equal answers byte for byte. */
final class Json {

    private Json() {
    }

    static ResponseEntity<byte[]> of(byte[] document) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }
}
