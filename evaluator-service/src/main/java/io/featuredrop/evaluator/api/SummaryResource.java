package io.featuredrop.evaluator.api;

import io.featuredrop.evaluator.evaluation.ResultsReplay;
import io.featuredrop.report.SweepSummary;
import io.featuredrop.service.runs.RunFollower;
import io.featuredrop.stats.MeanInterval;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The statistics the demo and the report print, live: finished runs grouped by sweep and mode, the
 * mean with its 95% interval per task and Viewmaker - expert matched by seed with its verdict. The
 * dashboard draws these tables; computing them here keeps one implementation (io.featuredrop.stats).
 */
@Path("/api/summary")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    /** The groups and the confidence of every interval in them. */
    public record Summary(double confidence, List<SweepSummary> groups) {
    }

    private final RunFollower runs;
    private final ResultsReplay results;

    public SummaryResource(RunFollower runs, ResultsReplay results) {
        this.runs = runs;
        this.results = results;
    }

    @GET
    public Summary summary() {
        return new Summary(MeanInterval.CONFIDENCE, SweepSummary.of(runs.board().all(), results.board().all()));
    }
}
