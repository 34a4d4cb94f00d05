package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The alert rules as Prometheus reads them: {@code promtool check rules} parses alerts.yml and
 * {@code promtool test rules} runs alerts.test.yml (input series for a target down, a target gone,
 * readiness down, a dead-letter burst with a service missing, dead letters while another service is
 * down, and the healthy case where nothing fires).
 * promtool comes from Debian's {@code prometheus} package (scripts/test.sh installs it).
 */
@Tag("system")
class PrometheusRulesTest {

    static final Path MONITORING = DeployConfigTest.ROOT.resolve("deploy/monitoring");

    static Optional<Path> promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String promtoolOrSkip(String... args) throws IOException, InterruptedException {
        Optional<Path> promtool = promtool();
        Assumptions.assumeTrue(promtool.isPresent(),
                "promtool not on PATH (Debian package `prometheus`; scripts/test.sh installs it): the alert rules are not checked");
        List<String> cmd = new ArrayList<>(List.of(promtool.get().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    @Test
    void prometheusParsesTheRules() throws Exception {
        String out = promtoolOrSkip("check", "rules", "alerts.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void theAlertsFireInTheirCasesAndNothingFiresWhenAllIsWell() throws Exception {
        String out = promtoolOrSkip("test", "rules", "alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    /** Without promtool too: every operator alert has a test case in which it fires, and one in which it must not. */
    @Test
    void everyOperatorAlertIsTestedFiringAndQuiet() throws IOException {
        JsonNode tests = DeployConfigTest.yamlFile(MONITORING.resolve("alerts.test.yml"));
        assertEquals("alerts.yml", tests.get("rule_files").get(0).asText());
        Set<String> names = new TreeSet<>();
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode t : tests.get("tests")) {
            names.add(t.get("name").asText());
            for (JsonNode a : t.get("alert_rule_test")) {
                (a.get("exp_alerts").isEmpty() ? quiet : fired).add(a.get("alertname").asText());
            }
        }
        assertTrue(names.containsAll(List.of("healthy", "target down", "target absent", "readiness down", "dead-letter burst with a service missing",
                "dead letters while a service is down")), names.toString());
        List<String> operatorAlerts = List.of("FeaturedropTargetDown", "FeaturedropTargetMissing", "FeaturedropServiceNotReady",
                "FeaturedropDeadLettersGrowing", "FeaturedropDeadLetterBurst", "FeaturedropDeadLetterCounterMissing");
        assertTrue(fired.containsAll(operatorAlerts), "fired in a test: " + fired);
        assertTrue(quiet.containsAll(operatorAlerts), "quiet in a test: " + quiet);
    }
}
