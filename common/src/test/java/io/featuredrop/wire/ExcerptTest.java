package io.featuredrop.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ExcerptTest {

    @Test
    void shortTextIsItself() {
        assertEquals("abc", Excerpt.of("abc", 10));
        assertEquals(null, Excerpt.of(null, 10));
    }

    @Test
    void longTextIsBoundedWithLengthAndDigest() {
        String s = "a".repeat(10_000);
        String e = Excerpt.of(s, 200);
        assertTrue(e.length() <= 200, e);
        assertTrue(e.contains("10000 chars"));
        assertTrue(e.contains(Excerpt.sha256(s.getBytes(StandardCharsets.UTF_8)).substring(0, 16)));
    }

    @Test
    void neverCutsASurrogatePair() {
        String s = "x".repeat(109) + "\uD83D\uDE00".repeat(100);
        String e = Excerpt.of(s, 200);
        for (int i = 0; i < e.length(); i++) {
            if (Character.isHighSurrogate(e.charAt(i))) {
                assertTrue(i + 1 < e.length() && Character.isLowSurrogate(e.charAt(i + 1)), "cut pair at " + i);
            }
        }
    }

    @Test
    void bytesAreShownPrintableAndBounded() {
        byte[] b = new byte[100_000];
        b[0] = 'h';
        b[1] = 'i';
        String e = Excerpt.ofBytes(b, 120);
        assertTrue(e.startsWith("hi??"));
        assertTrue(e.length() <= 120, e);
        assertTrue(e.contains("100000 bytes"));
        assertFalse(Excerpt.ofBytes("ok".getBytes(StandardCharsets.UTF_8), 10).contains("sha256"));
    }

    @Test
    void unpairedSurrogatesAreReplacedSoTheTextCanBeWrittenAsJson() {
        String lone = "a\uD800b\uDC00c\uD83D\uDE00";
        assertFalse(Excerpt.isWellFormed(lone));
        assertEquals("a\uFFFDb\uFFFDc\uD83D\uDE00", Excerpt.of(lone, 100));
        assertTrue(Excerpt.isWellFormed(Excerpt.of(lone, 100)));
        io.featuredrop.wire.JsonEvents.encode(java.util.Map.of("reason", Excerpt.of(lone, 100)));
    }
}
