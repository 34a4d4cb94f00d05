package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every test class of every module is in exactly one tier, so `scripts/test.sh --fast` (the fast tier)
 * leaves nothing out by accident: fast (in-process, seconds), slow (in-process training, minutes),
 * broker (a real Kafka broker), system (services as processes, containers, deployment files).
 */
@Tag("fast")
class TestTiersTest {

    static final Set<String> TIERS = Set.of("fast", "slow", "broker", "system");
    static final Pattern TEST_METHOD = Pattern.compile("@(Test|Property|ParameterizedTest|Example|RepeatedTest)\\b");
    static final Pattern TAG = Pattern.compile("@Tag\\(\"([a-z]+)\"\\)\\s*\\n(?:@[^\\n]*\\n)*(?:public |final |abstract )*class ");

    @Test
    void everyTestClassIsInExactlyOneTier() throws IOException {
        List<String> wrong = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(DeployConfigTest.ROOT)) {
            for (Path f : files.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java")
                    && !p.toString().contains("/target/")).toList()) {
                String s = Files.readString(f);
                if (!TEST_METHOD.matcher(s).find()) {
                    continue;
                }
                classes++;
                Matcher m = TAG.matcher(s);
                List<String> tags = new ArrayList<>();
                while (m.find()) {
                    tags.add(m.group(1));
                }
                if (tags.size() != 1 || !TIERS.contains(tags.get(0))) {
                    wrong.add(DeployConfigTest.ROOT.relativize(f) + " " + tags);
                }
                if (f.toString().contains("/system-tests/") && !f.endsWith("TestTiersTest.java")) {
                    assertEquals(List.of("system"), tags, f + ": system-tests hold system tests");
                }
            }
        }
        assertTrue(classes > 50, "found the test classes: " + classes);
        assertEquals(List.of(), wrong, "test classes without exactly one tier tag (" + TIERS + ")");
    }
}
