package io.featuredrop.service.api;

import io.featuredrop.service.runs.RunBoardSource;
import io.featuredrop.runs.LossHistory;
import io.featuredrop.runs.RunView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The runs this service knows (decided on, or follows), with their current state, latest status and loss over steps. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private final RunBoardSource runs;

    public RunsResource(RunBoardSource runs) {
        this.runs = runs;
    }

    @GET
    public List<RunView> runs() {
        return runs.board().all();
    }

    @GET
    @Path("/{runId}")
    public RunView run(@PathParam("runId") String runId) {
        return runs.board().get(runId).orElseThrow(() -> new NotFoundException("no run " + runId));
    }

    /** The run's training loss over steps (at most {@link LossHistory#MAX_POINTS} real points), for the dashboard's loss chart. */
    @GET
    @Path("/{runId}/loss")
    public LossHistory.Curve loss(@PathParam("runId") String runId) {
        return runs.board().losses().curve(runId).orElseThrow(() -> new NotFoundException("no loss yet for run " + runId));
    }
}
