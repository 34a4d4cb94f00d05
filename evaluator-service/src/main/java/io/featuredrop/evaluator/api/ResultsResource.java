package io.featuredrop.evaluator.api;

import io.featuredrop.evaluator.evaluation.ResultsReplay;
import io.featuredrop.events.EvalResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Probe results per run, checkpoint (step) and task, from the replayed {@code fd.eval-results}. */
@Path("/api/results")
@Produces(MediaType.APPLICATION_JSON)
public class ResultsResource {

    private final ResultsReplay replay;

    public ResultsResource(ResultsReplay replay) {
        this.replay = replay;
    }

    @GET
    public List<EvalResult> all() {
        return replay.board().all();
    }

    @GET
    @Path("/{runId}")
    public List<EvalResult> run(@PathParam("runId") String runId) {
        List<EvalResult> results = replay.board().run(runId);
        if (results.isEmpty()) {
            throw new NotFoundException("no results for run " + runId);
        }
        return results;
    }
}
