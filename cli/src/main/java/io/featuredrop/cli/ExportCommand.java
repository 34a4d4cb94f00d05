package io.featuredrop.cli;

import ai.djl.ndarray.NDManager;
import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.checkpoint.EncoderSnapshot;
import io.featuredrop.checkpoint.GeneratorSnapshot;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.onnx.CheckpointExport;
import io.featuredrop.onnx.EncoderExport;
import io.featuredrop.onnx.ExportParity;
import io.featuredrop.onnx.GeneratorExport;
import io.featuredrop.onnx.OnnxModelFile;
import onnx.Onnx.ModelProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run's trained encoder (or, with --generator, its Viewmaker) as an ONNX model (opset 17, dynamic batch, "
                + "run metadata, input normalisation inside), then load it in ONNX Runtime and print how far its outputs are from DJL "
                + "PyTorch's on random inputs. Reads the checkpoint store of the local stack, or one checkpoint file (--file).")
final class ExportCommand implements Callable<Integer> {

    /** Largest difference (relative to max(1, |x|)) the self-check accepts. */
    static final double TOLERANCE = 1e-4;

    @Parameters(index = "0", arity = "0..1", description = "run id (its newest checkpoint unless --step)")
    String runId;

    @Option(names = "--step", description = "the checkpoint step (default: the newest)")
    Long step;

    @Option(names = "--file", description = "a checkpoint file instead of a run id (a train-local checkpoint holds both networks)")
    Path file;

    @Option(names = "--generator", description = "export the Viewmaker generator instead of the encoder")
    boolean generator;

    @Option(names = "--out", required = true, description = "the ONNX file to write")
    Path out;

    @Option(names = "--checkpoints", defaultValue = "${env:FEATUREDROP_HOME:-.featuredrop}/checkpoints",
            description = "the checkpoint store (default: ${DEFAULT-VALUE})")
    Path checkpoints;

    @Option(names = "--no-check", description = "skip the ONNX Runtime self-check")
    boolean noCheck;

    @Override
    public Integer call() throws Exception {
        byte[] bytes;
        try {
            bytes = checkpointBytes();
        } catch (IllegalArgumentException e) {
            System.err.println("featuredrop export: " + e.getMessage());
            return 2;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelProto model;
            double difference = Double.NaN;
            if (generator) {
                GeneratorSnapshot.Loaded loaded = GeneratorSnapshot.load(bytes, manager);
                model = GeneratorExport.model(loaded.generator(), CheckpointExport.info(loaded.config(), loaded.step()));
                if (!noCheck) {
                    difference = ExportParity.generator(loaded.generator(), model, 8, 1);
                }
            } else {
                EncoderSnapshot.Loaded loaded = EncoderSnapshot.load(bytes, manager);
                model = EncoderExport.model(loaded.encoder(), CheckpointExport.info(loaded.config(), loaded.step()));
                if (!noCheck) {
                    difference = ExportParity.encoder(loaded.encoder(), model, 8, 1);
                }
            }
            long size = OnnxModelFile.write(model, out);
            System.out.printf("wrote %s (%.2f MB, opset %d, %d nodes)%n", out, size / 1e6, model.getOpsetImport(0).getVersion(),
                    model.getGraph().getNodeCount());
            model.getGraph().getInputList().forEach(v -> System.out.println("  input  " + v.getName() + " " + dims(v)));
            model.getGraph().getOutputList().forEach(v -> System.out.println("  output " + v.getName() + " " + dims(v)));
            OnnxModelFile.metadata(model).forEach((k, v) -> System.out.println("  " + k + " = " + v));
            if (!noCheck) {
                System.out.printf("ONNX Runtime vs DJL PyTorch on 8 random inputs: largest difference %.2e (%s %.0e)%n", difference,
                        difference <= TOLERANCE ? "within" : "NOT within", TOLERANCE);
                return difference <= TOLERANCE ? 0 : 1;
            }
            return 0;
        } catch (CheckpointRejected | OnnxModelFile.MalformedOnnxModel e) {
            System.err.println("featuredrop export: " + e.getMessage());
            return 2;
        }
    }

    private byte[] checkpointBytes() throws java.io.IOException {
        if ((file == null) == (runId == null)) {
            throw new IllegalArgumentException("give a run id or --file CHECKPOINT, not both or neither");
        }
        if (file != null) {
            if (step != null) {
                throw new IllegalArgumentException("--step picks a checkpoint of a run id; --file names the checkpoint itself");
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no checkpoint file " + file);
            }
            return Files.readAllBytes(file);
        }
        CheckpointStore store = new CheckpointStore(checkpoints);
        CheckpointKind kind = generator ? CheckpointKind.GENERATOR : CheckpointKind.ENCODER;
        List<CheckpointStore.Stored> stored = store.list(runId, kind);
        if (stored.isEmpty()) {
            throw new IllegalArgumentException("run " + runId + " has no " + kind + " checkpoint in " + store.root());
        }
        CheckpointStore.Stored chosen = step == null ? stored.get(stored.size() - 1)
                : stored.stream().filter(s -> s.step() == step).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "run " + runId + " has no " + kind + " checkpoint of step " + step + " (steps: "
                                + stored.stream().map(CheckpointStore.Stored::step).toList() + ")"));
        return Files.readAllBytes(store.resolve(chosen.uri()));
    }

    private static String dims(onnx.Onnx.ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).toList().toString();
    }
}
