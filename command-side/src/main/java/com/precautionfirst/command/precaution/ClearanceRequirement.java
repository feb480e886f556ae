package com.precautionfirst.command.precaution;

import java.util.List;
import java.util.Locale;

/**
 * Whether a condition needs a professional's clearance before massage. The spine and nerve families of ICD-10
 * (disc disorders, radiculopathy, sciatica, lumbago with sciatica, sciatic nerve lesions including piriformis
 * syndrome, spondylosis, other spondylopathies) always do: treating them uncleared has injured spinal cords, so
 * a declared "no" cannot switch the requirement off.
 */
public final class ClearanceRequirement {

    private static final List<String> ALWAYS_REQUIRING_FAMILIES =
            List.of("M51", "M54.1", "M54.3", "M54.4", "G57.0", "M47", "M48");

    private ClearanceRequirement() {
    }

    public static boolean isSpineOrNerveCode(String icd10Code) {
        String code = normalise(icd10Code);
        return ALWAYS_REQUIRING_FAMILIES.stream().anyMatch(family -> belongsTo(code, family));
    }

    /** The effective requirement: the family decides when it is a spine/nerve code, else the declared flag. */
    public static boolean requiresClearance(String icd10Code, Boolean declared) {
        return isSpineOrNerveCode(icd10Code) || Boolean.TRUE.equals(declared);
    }

    /** M51 covers M51, M51.2 and M51.26; M54.1 covers M54.1 and M54.16 but not M54.5. */
    private static boolean belongsTo(String code, String family) {
        if (!code.startsWith(family)) {
            return false;
        }
        String rest = code.substring(family.length());
        return rest.isEmpty() || (family.contains(".") ? Character.isLetterOrDigit(rest.charAt(0)) : rest.charAt(0) == '.');
    }

    private static String normalise(String icd10Code) {
        return icd10Code == null ? "" : icd10Code.strip().toUpperCase(Locale.ROOT);
    }
}
