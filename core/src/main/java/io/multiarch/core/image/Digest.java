package io.multiarch.core.image;

import io.multiarch.core.MultiarchException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:0123...}; only sha256 and sha512 are accepted. */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        boolean valid = ("sha256".equals(algorithm) && hex != null && SHA256.matcher(hex).matches())
                || ("sha512".equals(algorithm) && hex != null && SHA512.matcher(hex).matches());
        if (!valid) {
            throw MultiarchException.invalidInput("Invalid digest '" + algorithm + ":" + hex
                    + "': expected sha256: followed by 64 lowercase hex digits");
        }
    }

    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw MultiarchException.invalidInput("Invalid digest '" + text
                    + "': expected sha256: followed by 64 lowercase hex digits");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of exactly these bytes. */
    public static Digest sha256(byte[] content) {
        try {
            return new Digest("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether {@code content} hashes to this digest with this digest's algorithm. */
    public boolean matches(byte[] content) {
        try {
            String name = "sha256".equals(algorithm) ? "SHA-256" : "SHA-512";
            return hex.equals(HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    /** The first 12 hex digits, as docker prints image IDs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
