package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The evaluator's dashboard in a real headless Chromium against the running stack: it shows a
 * trained run, its per-task results and statistics, accuracy and loss charts (Chart.js, bundled at
 * build time) and a view grid image, and its form publishes a run that the augmenter accepts (and
 * refuses a bad one with the field named).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
@Tag("system")
class DashboardBrowserTest {

    static final File CHROMIUM = new File(System.getenv().getOrDefault("FEATUREDROP_CHROMIUM", "/usr/bin/chromium"));
    static final File CHROMEDRIVER = new File(System.getenv().getOrDefault("FEATUREDROP_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static SystemStack system;
    static WebDriver browser;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "dashboard browser test skipped: no " + CHROMIUM + " / " + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver; scripts/test.sh does)");
        system = SystemStack.start();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,2000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (system != null) {
            system.close();
        }
    }

    private static JsonNode get(ServiceSpec s, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.stack.baseUri(s) + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JsonEvents.mapper().readTree(r.body()) : null;
    }

    private static WebElement await(By by, Duration timeout) {
        return new WebDriverWait(browser, timeout).until(d -> d.findElements(by).stream().findFirst().orElse(null));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void showsARunItsResultsAndViewsAndItsFormStartsARun() throws Exception {
        ServiceSpec evaluator = system.stack.services().get(2);
        String bootstrap = system.broker.bootstrapServers();
        // a tiny Viewmaker run whose two checkpoints the evaluator probes (as with kcat: no key, no headers)
        TestKafka.publish(bootstrap, Topics.RUNS, null, ("{\"runId\":\"dash-a\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"viewmaker\","
                + "\"steps\":8,\"batchSize\":16,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,\"checkpointEvery\":4,"
                + "\"probe\":{\"features\":\"pooled\",\"trainSize\":300,\"testSize\":200,\"epochs\":3}}").getBytes(), java.util.Map.of());
        JsonNode results = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while ((results == null || results.size() < 4) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            results = get(evaluator, "/api/results/dash-a");
        }
        assertTrue(results != null && results.size() == 4, "two checkpoints x two tasks probed: " + results);

        browser.get(system.stack.baseUri(evaluator) + "/");
        WebElement runRow = await(By.cssSelector("#runs-table tbody tr[data-run='dash-a']"), Duration.ofSeconds(30));
        assertTrue(runRow.getText().contains("viewmaker"), runRow.getText());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> runRow.getText().contains("COMPLETED"));
        assertTrue(runRow.getText().contains("8/8"), runRow.getText());

        WebElement resultRow = await(By.cssSelector("#results-table tbody tr[data-run='dash-a']"), Duration.ofSeconds(30));
        List<String> header = browser.findElements(By.cssSelector("#results-table thead th")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("run", "mode", "step", "garment", "digit"), header);
        List<WebElement> cells = resultRow.findElements(By.tagName("td"));
        assertEquals("8", cells.get(2).getText());
        for (int task = 0; task < 2; task++) {
            double shown = Double.parseDouble(cells.get(3 + task).getText());
            String name = task == 0 ? "garment" : "digit";
            double stored = 0;
            for (JsonNode r : results) {
                if (r.get("step").asLong() == 8 && r.get("task").asText().equals(name)) {
                    stored = r.get("accuracy").asDouble();
                }
            }
            assertEquals(stored, shown, 0.0005, name + " accuracy shown as stored");
        }
        // the chart library is bundled (scripts/prepare-web.sh, run by scripts/setup.sh) and draws one accuracy chart per task
        HttpResponse<String> lib = HTTP.send(HttpRequest.newBuilder(URI.create(system.stack.baseUri(evaluator) + "/vendor/chart.umd.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, lib.statusCode(), "no /vendor/chart.umd.js: run scripts/prepare-web.sh before building the evaluator");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertEquals(2, browser.findElements(By.cssSelector("#curves figure canvas")).size(), "one accuracy chart per task");
        assertEquals(2, ((Number) js.executeScript("return Chart.getChart(document.querySelector(\"#curves figure[data-task='digit'] canvas\"))"
                + ".data.datasets[0].data.length")).intValue(), "the run's two probed checkpoints on the digit chart");
        // its loss curve: one point per step, 8 steps, from the trainer's PROGRESS statuses
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> ((Number) js.executeScript("const c = Chart.getChart(document.getElementById('loss-chart'));"
                + " const s = c && c.data.datasets.find(x => x.label === 'viewmaker s0'); return s ? s.data.length : 0;")).intValue() == 8);
        // the statistics, computed by the server: one finished seed outside any sweep, so a mean and no interval
        WebElement summaryRow = await(By.cssSelector("#summary-groups table.summary tr[data-mode='viewmaker']"), Duration.ofSeconds(30));
        assertTrue(summaryRow.getText().startsWith("viewmaker fashion-mnist+mnist 1 8 "), summaryRow.getText());
        assertTrue(browser.findElement(By.id("summary-groups")).getText().contains("no interval is possible"));
        assertEquals(1, browser.findElements(By.cssSelector("#destruction-table tbody tr")).size());

        WebElement img = await(By.cssSelector("#view-grid img"), Duration.ofSeconds(30));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> ((Number) ((JavascriptExecutor) d)
                .executeScript("const i = document.querySelector('#view-grid img'); return i && i.complete ? i.naturalWidth : 0;")).intValue() > 0);
        assertTrue(img.getAttribute("src").contains("/api/runs/dash-a/views"), img.getAttribute("src"));

        // the form: a bad config is refused with its field, a good one is published and ACCEPTED by the augmenter
        WebElement form = browser.findElement(By.id("submit-form"));
        form.findElement(By.name("runId")).sendKeys("dash-b");
        new Select(form.findElement(By.name("mode"))).selectByValue("expert");
        WebElement steps = form.findElement(By.name("steps"));
        steps.clear();
        steps.sendKeys("4");
        WebElement batch = form.findElement(By.name("batchSize"));
        batch.clear();
        batch.sendKeys("16");
        WebElement extra = form.findElement(By.name("extra"));
        extra.sendKeys("{\"encoderWidth\": 8, \"budget\": -1}");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("submit-result")).getText().contains("budget"));
        assertTrue(browser.findElement(By.id("submit-result")).getText().contains("not published"));

        extra.clear();
        extra.sendKeys("{\"encoderWidth\": 8, \"probe\": {\"trainSize\": 200, \"testSize\": 100, \"epochs\": 2}}");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement decision = await(By.id("submit-decision"), Duration.ofSeconds(60));
        assertTrue(decision.getText().startsWith("dash-b: ACCEPTED") || decision.getText().startsWith("dash-b: RUNNING")
                || decision.getText().startsWith("dash-b: COMPLETED"), decision.getText());
        JsonNode run = get(system.stack.services().get(0), "/api/runs/dash-b");
        assertEquals("expert", run.get("config").get("mode").asText());
        assertEquals(8, run.get("config").get("encoderWidth").asInt());
        await(By.cssSelector("#runs-table tbody tr[data-run='dash-b']"), Duration.ofSeconds(30));
    }

    /** Every metric the Grafana dashboard and the alert rules query is exported by a running service (after a run). */
    @Test
    @org.junit.jupiter.api.Order(2)
    void everyMetricTheDashboardAndAlertsQueryIsExported() throws Exception {
        StringBuilder scraped = new StringBuilder();
        for (ServiceSpec s : system.stack.services()) {
            scraped.append(HTTP.send(HttpRequest.newBuilder(URI.create(system.stack.baseUri(s) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).append('\n');
        }
        java.util.Set<String> exported = new java.util.TreeSet<>();
        for (String line : scraped.toString().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]")[0]);
            }
        }
        java.nio.file.Path root = DeployConfigTest.ROOT;
        String queries = java.nio.file.Files.readString(root.resolve("deploy/monitoring/dashboards/featuredrop.json"))
                + java.nio.file.Files.readString(root.resolve("deploy/monitoring/alerts.yml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:featuredrop|kafka|jvm)_[a-z0-9_]+)").matcher(queries);
        java.util.Set<String> queried = new java.util.TreeSet<>();
        while (m.find()) {
            queried.add(m.group(1));
        }
        assertTrue(queried.size() >= 15, queried.toString());
        java.util.List<String> missing = queried.stream().filter(q -> !exported.contains(q)).toList();
        assertEquals(java.util.List.of(), missing, "queried but not exported (exported: " + exported.stream().filter(e -> e.startsWith("featuredrop") || e.startsWith("kafka_consumer_fetch")).toList() + ")");
        assertTrue(scraped.toString().contains("featuredrop_evaluator_probe_accuracy{run=\"dash-a\",task=\"digit\"}"), "probe accuracy per run and task");
    }
}
