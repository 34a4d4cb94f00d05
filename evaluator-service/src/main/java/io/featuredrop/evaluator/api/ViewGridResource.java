package io.featuredrop.evaluator.api;

import ai.djl.ndarray.NDManager;
import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.ItemBatch;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;
import io.featuredrop.evaluator.evaluation.ResultsReplay;
import io.featuredrop.events.RunConfig;
import io.featuredrop.probe.RunViews;
import io.featuredrop.report.ImageGrid;
import io.featuredrop.runs.RunView;
import io.featuredrop.service.runs.RunFollower;
import io.featuredrop.train.ViewRenderer;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * View grids of a run at a checkpoint step (DESIGN.md: the evaluator makes the pictures): test
 * images, two views of each and |view 1 - image| (x4), rendered from the run's GENERATOR checkpoint
 * of that step (Viewmaker modes) or its expert recipe. PNG, or JSON with the pixel values.
 */
@Path("/api/runs/{runId}/views")
@Blocking
public class ViewGridResource {

    /** The rows of a grid as numbers: {@code rows[r]} holds {@code n} C x H x W images. */
    public record ViewGrid(String runId, String mode, long step, List<String> rowNames, int n, int channels, int height, int width,
                           List<float[]> rows) {
    }

    private static final List<String> ROW_NAMES = List.of("image", "view 1", "view 2", "|view 1 - image| x4");

    private final RunFollower follower;
    private final ResultsReplay results;
    private final CheckpointStore store;

    public ViewGridResource(RunFollower follower, ResultsReplay results, CheckpointStore store) {
        this.follower = follower;
        this.results = results;
        this.store = store;
    }

    @GET
    @Produces("image/png")
    public Response png(@PathParam("runId") String runId, @QueryParam("step") Long step, @DefaultValue("8") @QueryParam("n") int n)
            throws IOException {
        ViewGrid g = grid(runId, step, n);
        return Response.ok(ImageGrid.png(g.rows(), g.n(), g.channels(), g.height(), g.width(), 4), "image/png").build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ViewGrid json(@PathParam("runId") String runId, @QueryParam("step") Long step, @DefaultValue("8") @QueryParam("n") int n) {
        return grid(runId, step, n);
    }

    private ViewGrid grid(String runId, Long requestedStep, int n) {
        if (n < 1 || n > 64) {
            throw new WebApplicationException("n must be 1..64, was " + n, Response.Status.BAD_REQUEST);
        }
        RunConfig config = follower.board().get(runId).map(RunView::config)
                .orElseThrow(() -> new NotFoundException("no accepted run " + runId));
        long step = requestedStep != null ? requestedStep : Math.max(0, results.board().latestStep(runId));
        try (NDManager manager = NDManager.newBaseManager()) {
            MultiTaskDataset dataset = Datasets.open(config.dataset());
            ViewRenderer views = RunViews.at(store, config, dataset, step, Duration.ZERO, manager)
                    .orElseThrow(() -> new NotFoundException("run " + runId + " has no generator checkpoint of step " + step));
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) {
                indices[i] = i;
            }
            ItemBatch batch = ItemBatch.load(dataset, Split.TEST, indices, i -> new SplittableRandom(config.seed() * 31 + i));
            float[] images = batch.images();
            List<float[]> rows = RunViews.gridRows(views, images, n, batch.channels(), batch.height(), batch.width(), config.seed() + step, 4f);
            return new ViewGrid(runId, config.mode().wireName(), step, ROW_NAMES, n, batch.channels(), batch.height(), batch.width(), rows);
        } catch (IOException e) {
            throw new WebApplicationException("dataset " + config.dataset() + ": " + e.getMessage(), Response.Status.SERVICE_UNAVAILABLE);
        } catch (CheckpointRejected e) {
            throw new WebApplicationException(e.getMessage(), Response.Status.CONFLICT);
        }
    }
}
