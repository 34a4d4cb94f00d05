package io.featuredrop.cli;

import io.featuredrop.checkpoint.EncoderSnapshot;
import io.featuredrop.checkpoint.GeneratorSnapshot;
import io.featuredrop.events.RunConfig;
import io.featuredrop.data.Datasets;
import io.featuredrop.process.ComputeSettings;
import io.featuredrop.train.LocalSimclrTrainer;
import io.featuredrop.train.TrainingCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

@Command(name = "fingerprint", mixinStandardHelpOptions = true,
        description = "Train a config in this JVM (no probes, no files) and print what must repeat bit for bit in any other process: "
                + "the loss of every step, their sha256, and the sha256 of the ENCODER (and GENERATOR) checkpoint bytes the services "
                + "would write at the last step. bench/determinism.sh compares fresh JVMs with it.")
final class FingerprintCommand implements Callable<Integer> {

    @Mixin
    RunConfigFile runConfig;

    @Option(names = "--losses", description = "print every step's loss (value and float bits)")
    boolean printLosses;

    @Option(names = "--memory-every", defaultValue = "0",
            description = "every this many steps, print resident memory (native tensors included) and heap in use (a soak)")
    int memoryEvery;

    @Override
    public Integer call() throws Exception {
        RunConfig run = runConfig.validOrNull();
        if (run == null) {
            return 2;
        }
        java.security.MessageDigest losses = java.security.MessageDigest.getInstance("SHA-256");
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(run, Datasets.open(run.dataset()))) {
            System.out.println("compute " + ComputeSettings.describe());
            while (trainer.nextStep() < run.steps()) {
                LocalSimclrTrainer.StepResult r = trainer.step();
                if (r.failed()) {
                    System.out.println("FAILED step " + r.step() + ": " + r.failure());
                    return 1;
                }
                losses.update(ByteBuffer.allocate(4).putFloat(r.loss()).array());
                if (printLosses) {
                    System.out.printf("step %d loss %.7f bits %08x%n", r.step(), r.loss(), Float.floatToRawIntBits(r.loss()));
                }
                if (memoryEvery > 0 && trainer.nextStep() % memoryEvery == 0) {
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf("memory step %d resident %.1f MB heap %.1f MB live arrays %d%n", trainer.nextStep(),
                            io.featuredrop.process.ResidentMemory.bytes() / 1e6, (rt.totalMemory() - rt.freeMemory()) / 1e6,
                            trainer.manager().getManagedArrays().size());
                }
            }
            System.out.println("steps " + trainer.nextStep());
            System.out.println("losses sha256 " + java.util.HexFormat.of().formatHex(losses.digest()));
            byte[] encoder = EncoderSnapshot.encode(run, trainer.encoderTrainer(), trainer.nextStep());
            System.out.println("encoder checkpoint sha256 " + TrainingCheckpoint.sha256(encoder));
            if (trainer.generatorTrainer() != null) {
                byte[] generator = GeneratorSnapshot.encode(run, trainer.generatorTrainer(), trainer.nextStep());
                System.out.println("generator checkpoint sha256 " + TrainingCheckpoint.sha256(generator));
            }
        }
        return 0;
    }
}
