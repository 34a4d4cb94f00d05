package io.featuredrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.cli.StatusTable.ServiceRow;
import io.featuredrop.cli.stack.LocalStack.HttpAnswer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class StatusTableServicesTest {

    static final List<Path> DIRS = List.of(Path.of("/repo/.featuredrop"), Path.of("/repo/.featuredrop/demo"));
    static final Path LOG = Path.of("/repo/.featuredrop/demo/logs/trainer-service.log");
    static final String URI = "http://127.0.0.1:8082";

    @Test
    void upSaysWhereItAnswersItsProcessAndLog() {
        ServiceRow r = StatusTable.serviceRow("trainer-service", URI, Optional.of(new HttpAnswer(200, ReadinessReportTest.UP)),
                OptionalLong.of(4242), Optional.of(LOG), DIRS);
        assertEquals(new ServiceRow("trainer-service", "UP", URI + " (pid 4242), log " + LOG), r);
    }

    @Test
    void downGivesTheFailingChecksAndTheLog() {
        ServiceRow r = StatusTable.serviceRow("trainer-service", URI, Optional.of(new HttpAnswer(503, ReadinessReportTest.BROKER_GONE)),
                OptionalLong.of(4242), Optional.of(LOG), DIRS);
        assertEquals("DOWN", r.ready());
        assertTrue(r.detail().startsWith("SmallRye Reactive Messaging - readiness check: runs=[KO] - Timeout expired"), r.detail());
        assertTrue(r.detail().endsWith("; log " + LOG), r.detail());
    }

    @Test
    void aLiveProcessThatDoesNotAnswerIsUnreachableAndOneWithNoProcessIsNotRunning() {
        ServiceRow unreachable = StatusTable.serviceRow("trainer-service", URI, Optional.empty(), OptionalLong.of(4242), Optional.of(LOG), DIRS);
        assertEquals(new ServiceRow("trainer-service", "unreachable", "pid 4242 is alive but nothing answers on " + URI + "; log " + LOG), unreachable);
        ServiceRow stopped = StatusTable.serviceRow("trainer-service", URI, Optional.empty(), OptionalLong.empty(), Optional.of(LOG), DIRS);
        assertEquals(new ServiceRow("trainer-service", "not running", "no process in /repo/.featuredrop, /repo/.featuredrop/demo, nothing on "
                + URI + "; last log " + LOG), stopped);
        ServiceRow never = StatusTable.serviceRow("trainer-service", URI, Optional.empty(), OptionalLong.empty(), Optional.empty(), DIRS);
        assertEquals("no process in /repo/.featuredrop, /repo/.featuredrop/demo, nothing on " + URI, never.detail());
    }

    @Test
    void theServicesTableHasOneLinePerService() {
        String table = StatusTable.renderServices(List.of(new ServiceRow("augmenter-service", "UP", "x"), new ServiceRow("trainer-service", "not running", "y")));
        assertEquals(List.of("SERVICE            READY        DETAIL", "augmenter-service  UP           x", "trainer-service    not running  y"),
                table.lines().toList());
    }
}
