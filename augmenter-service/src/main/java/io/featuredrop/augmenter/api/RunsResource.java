package io.featuredrop.augmenter.api;

import io.featuredrop.augmenter.intake.StatusHistory;
import io.featuredrop.runs.RunView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The runs this augmenter has decided on, with their current state. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private final StatusHistory history;

    public RunsResource(StatusHistory history) {
        this.history = history;
    }

    @GET
    public List<RunView> runs() {
        return history.board().all();
    }

    @GET
    @Path("/{runId}")
    public RunView run(@PathParam("runId") String runId) {
        return history.board().get(runId).orElseThrow(() -> new NotFoundException("no run " + runId));
    }
}
