package com.precautionfirst.verifier;

import java.io.InputStream;

/** Reads an insurer export in FHIR for {@link ExportVerification}. Not built yet (issue 13). */
final class FhirExport {

    private FhirExport() {
    }

    static void read(InputStream in, ExportVerification verification) {
        verification.problem("export", "is FHIR, which this verifier cannot read yet");
    }
}
