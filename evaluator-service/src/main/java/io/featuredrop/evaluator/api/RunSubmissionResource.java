package io.featuredrop.evaluator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.FieldError;
import io.featuredrop.events.RunConfig;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.JsonEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Starts runs from the dashboard (or any HTTP client): the body is a run config, checked by the same
 * validator as every other entry point, and published to {@code fd.runs}, where the augmenter decides
 * ACCEPTED or REJECTED. Guarded by a bearer token when {@code featuredrop.api.token} is set.
 */
@Path("/api/run-configs")
@Produces(MediaType.APPLICATION_JSON)
public class RunSubmissionResource {

    /** What the dashboard's form needs to know. */
    public record FormInfo(boolean tokenRequired, List<String> datasets, Map<String, List<String>> tasks, List<String> modes, RunConfig defaults) {
    }

    /** The answer to a submission: published, or the reasons it was not. */
    public record Submission(String runId, boolean published, List<FieldError> errors) {
    }

    private final Emitter<byte[]> runs;
    private final Optional<String> token;
    private final MeterRegistry metrics;

    public RunSubmissionResource(@Channel("runs-out") Emitter<byte[]> runs,
                                 @ConfigProperty(name = "featuredrop.api.token") Optional<String> token, MeterRegistry metrics) {
        this.runs = runs;
        this.token = token.filter(t -> !t.isBlank());
        this.metrics = metrics;
    }

    @GET
    @Operation(summary = "What the run form offers: datasets, modes, defaults, and whether a token is needed")
    public FormInfo info() {
        RunConfig defaults = RunConfigValidator.check(JsonEvents.mapper().createObjectNode()
                .put("runId", "example").put("dataset", "fashion-mnist+mnist").put("mode", "viewmaker")).config();
        Map<String, List<String>> tasks = new java.util.LinkedHashMap<>();
        DatasetRegistry.all().forEach(d -> tasks.put(d.name(), d.tasks().stream().map(io.featuredrop.data.TaskInfo::name).toList()));
        return new FormInfo(token.isPresent(), List.copyOf(tasks.keySet()), tasks, Arrays.stream(AugmentationMode.values()).map(AugmentationMode::wireName).toList(),
                defaults);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate a run config and publish it to fd.runs")
    @APIResponse(responseCode = "202", description = "published; watch GET /api/runs/{runId} for ACCEPTED or REJECTED")
    @APIResponse(responseCode = "400", description = "invalid: every bad field with its reason")
    @APIResponse(responseCode = "401", description = "a token is configured and the request's bearer token does not match")
    public Response submit(@HeaderParam("Authorization") String authorization, JsonNode body) throws Exception {
        if (token.isPresent() && !authorised(authorization)) {
            metrics.counter("featuredrop.evaluator.run.submissions", "outcome", "unauthorised").increment();
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(new Submission(null, false, List.of(new FieldError("Authorization", "missing or wrong bearer token")))).build();
        }
        ConfigCheck check = RunConfigValidator.check(body);
        if (!check.valid()) {
            metrics.counter("featuredrop.evaluator.run.submissions", "outcome", "invalid").increment();
            return Response.status(Response.Status.BAD_REQUEST).entity(new Submission(check.runId(), false, check.errors())).build();
        }
        RunConfig config = check.config();
        Map<String, String> headers = EventHeaders.forRunsRecord("io.featuredrop.RunConfig", "featuredrop/evaluator-dashboard");
        Message<byte[]> msg = Message.of(JsonEvents.encode(config)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(config.runId()).withHeaders(EventHeaders.toRecordHeaders(headers)).build());
        java.util.concurrent.CompletableFuture<Void> sent = new java.util.concurrent.CompletableFuture<>();
        runs.send(msg.withAck(() -> {
            sent.complete(null);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }).withNack(e -> {
            sent.completeExceptionally(e);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }));
        try {
            sent.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            metrics.counter("featuredrop.evaluator.run.submissions", "outcome", "failed").increment();
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new Submission(config.runId(), false, List.of(new FieldError("fd.runs", "could not publish: " + e.getMessage())))).build();
        }
        metrics.counter("featuredrop.evaluator.run.submissions", "outcome", "published").increment();
        return Response.accepted(new Submission(config.runId(), true, List.of())).build();
    }

    private boolean authorised(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.orElseThrow().getBytes(StandardCharsets.UTF_8)); // constant time
    }
}
