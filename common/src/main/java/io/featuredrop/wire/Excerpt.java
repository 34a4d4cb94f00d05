package io.featuredrop.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A bounded excerpt of untrusted text or bytes, for anything the services publish or log about
 * input (statuses, dead-letter headers): never the whole input, but enough to recognise it, plus
 * a SHA-256 digest of the whole so the original can be found and compared.
 */
public final class Excerpt {

    private Excerpt() {
    }

    /** {@code text} itself when it has at most {@code maxChars} characters, else its start, its length and its digest. */
    public static String of(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        if (text.length() <= maxChars) {
            return wellFormed(text);
        }
        int keep = Math.max(0, maxChars - 90);
        // never cut a surrogate pair in two: the excerpt must stay valid UTF-16 (and UTF-8 on the wire)
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return wellFormed(text.substring(0, keep)) + "... [" + text.length() + " chars, sha256 "
                + sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + "]";
    }

    /** {@code text} with every unpaired surrogate replaced by U+FFFD: such text cannot be written as UTF-8 JSON. */
    public static String wellFormed(String text) {
        if (text == null || isWellFormed(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** True when {@code text} has no unpaired surrogate. */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of unknown content as a bounded printable excerpt (lossy UTF-8 decoding, controls shown as '?'). */
    public static String ofBytes(byte[] bytes, int maxChars) {
        if (bytes == null) {
            return null;
        }
        int take = Math.min(bytes.length, maxChars * 4);
        StringBuilder sb = new StringBuilder();
        new String(bytes, 0, take, StandardCharsets.UTF_8).codePoints()
                .forEach(c -> sb.appendCodePoint(Character.isISOControl(c) || c == 0xFFFD ? '?' : c));
        String s = sb.toString();
        if (bytes.length == take && s.length() <= maxChars) {
            return s;
        }
        int keep = Math.min(s.length(), Math.max(0, maxChars - 90));
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        return s.substring(0, keep) + "... [" + bytes.length + " bytes, sha256 " + sha256(bytes).substring(0, 16) + "]";
    }

    /** Hex SHA-256 of {@code bytes} (empty for null). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
