package io.featuredrop.service.api;

import io.featuredrop.service.runs.RunFollower;
import io.featuredrop.runs.RunView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The runs this service follows, with their current state and latest status. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private final RunFollower follower;

    public RunsResource(RunFollower follower) {
        this.follower = follower;
    }

    @GET
    public List<RunView> runs() {
        return follower.board().all();
    }

    @GET
    @Path("/{runId}")
    public RunView run(@PathParam("runId") String runId) {
        return follower.board().get(runId).orElseThrow(() -> new NotFoundException("no run " + runId));
    }
}
