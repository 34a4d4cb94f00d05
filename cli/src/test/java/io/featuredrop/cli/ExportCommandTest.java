package io.featuredrop.cli;

import io.featuredrop.onnx.EncoderExport;
import io.featuredrop.onnx.GeneratorExport;
import io.featuredrop.onnx.OnnxModelFile;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featuredrop export} on a real checkpoint (a two-step Viewmaker run of {@code train-local}):
 * the encoder and the generator become ONNX files with the run's metadata, each checked against DJL
 * on ONNX Runtime by the command itself; wrong arguments and unreadable checkpoints exit 2 with the reason.
 */
@Tag("fast")
class ExportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void exportsTheEncoderAndTheGeneratorOfACheckpoint() throws Exception {
        Path checkpoint = trainTinyViewmaker(tmp, "export-me");

        Path encoder = tmp.resolve("out/encoder.onnx");
        Result e = execute("export", "--file", checkpoint.toString(), "--out", encoder.toString());
        assertEquals(0, e.exitCode(), e.output());
        assertTrue(e.output().contains("within 1e-04"), e.output());
        ModelProto model = OnnxModelFile.read(encoder);
        assertEquals("export-me", OnnxModelFile.metadata(model).get("featuredrop.run_id"));
        assertEquals("2", OnnxModelFile.metadata(model).get("featuredrop.step"));
        assertEquals(List.of(EncoderExport.FEATURES, EncoderExport.PREPOOL_FEATURES, EncoderExport.EMBEDDING),
                model.getGraph().getOutputList().stream().map(v -> v.getName()).toList());

        Path generator = tmp.resolve("out/generator.onnx");
        Result g = execute("export", "--file", checkpoint.toString(), "--generator", "--out", generator.toString());
        assertEquals(0, g.exitCode(), g.output());
        ModelProto gen = OnnxModelFile.read(generator);
        assertEquals("generator", OnnxModelFile.metadata(gen).get("featuredrop.kind"));
        assertEquals(List.of(GeneratorExport.INPUT, "noise_0", "noise_1"), gen.getGraph().getInputList().stream().map(v -> v.getName()).toList());
    }

    @Test
    void wrongArgumentsAndUnreadableCheckpointsExitTwoWithTheReason() throws Exception {
        Path out = tmp.resolve("x.onnx");
        Result neither = execute("export", "--out", out.toString());
        assertEquals(2, neither.exitCode());
        assertTrue(neither.output().contains("give a run id or --file"), neither.output());
        Result noRun = execute("export", "ghost-run", "--checkpoints", tmp.resolve("store").toString(), "--out", out.toString());
        assertEquals(2, noRun.exitCode());
        assertTrue(noRun.output().contains("run ghost-run has no ENCODER checkpoint"), noRun.output());
        Path junk = tmp.resolve("junk.safetensors");
        Files.writeString(junk, "not a checkpoint");
        Result bad = execute("export", "--file", junk.toString(), "--out", out.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.output().contains("not a safetensors file"), bad.output());
        assertTrue(!Files.exists(out), "nothing written on failure");
    }

    record Result(int exitCode, String output) {
    }

    /** Two Viewmaker steps of train-local on tiny nets; the checkpoint file it writes (both networks). */
    static Path trainTinyViewmaker(Path tmp, String runId) throws Exception {
        Path config = tmp.resolve(runId + ".json");
        Files.writeString(config, "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"viewmaker\",\"steps\":2,"
                + "\"checkpointEvery\":2,\"batchSize\":8,\"seed\":1,\"encoderWidth\":4,\"generatorWidth\":4,\"generatorBlocks\":1,"
                + "\"probe\":{\"trainSize\":64,\"testSize\":32,\"epochs\":1}}");
        Path run = tmp.resolve(runId);
        Result trained = execute("train-local", "-c", config.toString(), "--out", run.toString(), "--no-floor");
        assertEquals(0, trained.exitCode(), trained.output());
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            return files.filter(f -> f.toString().endsWith(".safetensors")).findFirst().orElseThrow();
        }
    }

    static Result execute(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            int code = new CommandLine(new Featuredrop()).execute(args);
            return new Result(code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
