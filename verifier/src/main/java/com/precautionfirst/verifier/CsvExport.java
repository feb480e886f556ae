package com.precautionfirst.verifier;

import java.io.InputStream;

/** Reads an insurer export in CSV for {@link ExportVerification}. Not built yet (issue 13). */
final class CsvExport {

    private CsvExport() {
    }

    static void read(InputStream in, ExportVerification verification) {
        verification.problem("export", "is CSV, which this verifier cannot read yet");
    }
}
