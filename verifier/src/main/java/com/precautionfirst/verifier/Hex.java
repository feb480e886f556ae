package com.precautionfirst.verifier;

import java.util.HexFormat;

/**
 * Lowercase hexadecimal, the only form in which hashes appear in checkpoints and proof documents.
 * {@link #decode} refuses upper case, odd lengths and any other character, so that one hash has exactly one
 * written form (a checkpoint signs the string, not the bytes).
 */
public final class Hex {

    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {
    }

    /** The bytes as lowercase hex, two characters per byte. */
    public static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    /**
     * The bytes written as lowercase hex.
     *
     * @throws IllegalArgumentException if the text is null, of odd length or has a character other than 0-9, a-f
     */
    public static byte[] decode(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("no hex string");
        }
        if (!isLowerHex(hex, hex.length()) || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("not lowercase hex of whole bytes: \"" + shorten(hex) + "\"");
        }
        return LOWER.parseHex(hex);
    }

    /** True if the text is a SHA-256 hash written as 64 lowercase hex characters. */
    public static boolean isHash(String hex) {
        return hex != null && isLowerHex(hex, 64);
    }

    /**
     * A 32-byte hash written as 64 lowercase hex characters.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static byte[] decodeHash(String hex) {
        if (!isHash(hex)) {
            throw new IllegalArgumentException(
                    "not a SHA-256 hash (64 lowercase hex characters): \"" + shorten(String.valueOf(hex)) + "\"");
        }
        return LOWER.parseHex(hex);
    }

    private static boolean isLowerHex(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
