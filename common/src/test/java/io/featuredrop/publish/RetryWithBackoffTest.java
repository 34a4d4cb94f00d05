package io.featuredrop.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class RetryWithBackoffTest {

    @Test
    void aSendThatFailsTwiceIsRetriedUntilItSucceedsAndEachRetryIsReported() {
        List<Throwable> retried = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        RetryWithBackoff retry = new RetryWithBackoff(Duration.ofMillis(300), RetryWithBackoff::kafkaHopeless, retried::add);
        long t0 = System.nanoTime();
        int tries = retry.run("sending", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new RuntimeException("wrapped", new TimeoutException("broker away"));
            }
        });
        assertEquals(3, tries);
        assertEquals(2, retried.size());
        assertTrue((System.nanoTime() - t0) / 1e6 >= 200 + 300 - 20, "backed off 0.2 s, then the 0.3 s maximum");
    }

    @Test
    void aFailureNoRetryCanFixIsGivenBackAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        RetryWithBackoff retry = new RetryWithBackoff(Duration.ofSeconds(30), RetryWithBackoff::kafkaHopeless, e -> { });
        RetryWithBackoff.GaveUp e = assertThrows(RetryWithBackoff.GaveUp.class, () -> retry.run("sending", () -> {
            calls.incrementAndGet();
            throw new java.util.concurrent.CompletionException(new RecordTooLargeException("2 MB"));
        }));
        assertEquals(1, calls.get());
        assertTrue(RetryWithBackoff.causedBy(e, t -> t instanceof RecordTooLargeException));
    }
}
