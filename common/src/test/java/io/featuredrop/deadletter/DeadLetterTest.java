package io.featuredrop.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.wire.Excerpt;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class DeadLetterTest {

    @Test
    void anOriginalThatFitsIsKeptWholeWithItsDigestAndSource() {
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of(new SourceRecord("fd.runs", 2, 41, "k", value), "not JSON", "augmenter-service", 1024);
        assertTrue(d.whole());
        assertArrayEquals(value, d.value());
        assertEquals("k", d.key());
        assertEquals(Excerpt.sha256(value), d.headers().get(DeadLetter.SHA256));
        assertEquals("9", d.headers().get(DeadLetter.SIZE));
        assertEquals("fd.runs", d.headers().get(DeadLetter.TOPIC));
        assertEquals("2", d.headers().get(DeadLetter.PARTITION));
        assertEquals("41", d.headers().get(DeadLetter.OFFSET));
        assertEquals("not JSON", d.headers().get(DeadLetter.REASON));
    }

    @Test
    void anOriginalOverTheLimitIsReplacedByAReferenceThatSaysWhereItIs() throws Exception {
        byte[] value = new byte[5000];
        Arrays.fill(value, (byte) 'x');
        DeadLetter d = DeadLetter.of(new SourceRecord("fd.views", 0, 7, "run-1", value), "too big", "trainer-service", 4096);
        assertFalse(d.whole());
        assertEquals("reference", d.headers().get(DeadLetter.ORIGINAL));
        JsonNode ref = JsonEvents.mapper().readTree(d.value());
        assertEquals("fd.views", ref.get("topic").asText());
        assertEquals(0, ref.get("partition").asInt());
        assertEquals(7, ref.get("offset").asLong());
        assertEquals(5000, ref.get("size").asInt());
        assertEquals(Excerpt.sha256(value), ref.get("sha256").asText());
        assertTrue(ref.get("note").asText().contains("too large"));
    }

    @Test
    void hugeKeysAndReasonsAreBoundedAndDigested() {
        String key = "k".repeat(2_000_000);
        String reason = "malformed " + "r".repeat(1_000_000);
        DeadLetter d = DeadLetter.of(new SourceRecord("fd.runs", 0, 1, key, new byte[0]), reason, "augmenter-service", 1024);
        assertTrue(d.key().length() <= DeadLetter.MAX_KEY_CHARS, "key " + d.key().length());
        assertEquals(Excerpt.sha256(key.getBytes(StandardCharsets.UTF_8)), d.headers().get(DeadLetter.KEY_SHA256));
        assertTrue(d.headers().get(DeadLetter.REASON).length() <= DeadLetter.MAX_REASON_CHARS);
        assertTrue(d.headers().get(DeadLetter.REASON).startsWith("malformed rrr"));
        int headerBytes = d.headers().entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
        assertTrue(headerBytes < 4096, "headers " + headerBytes + " bytes");
    }

    @Test
    void aRefusedWholeRecordBecomesAReference() {
        SourceRecord src = new SourceRecord("fd.runs", 1, 3, null, new byte[100]);
        DeadLetter whole = DeadLetter.of(src, "why", "s", 1000);
        DeadLetter ref = whole.asReference(src);
        assertTrue(whole.whole());
        assertFalse(ref.whole());
        assertEquals(whole.headers().get(DeadLetter.SHA256), ref.headers().get(DeadLetter.SHA256));
        assertTrue(new String(ref.value(), StandardCharsets.UTF_8).contains("\"offset\":3"));
    }
}
