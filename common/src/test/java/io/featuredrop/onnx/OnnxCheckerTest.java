package io.featuredrop.onnx;

import ai.djl.ndarray.NDManager;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.model.EncoderSpec;
import io.featuredrop.model.GeneratorSpec;
import io.featuredrop.model.Models;
import io.featuredrop.model.WeightInit;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The exported files pass ONNX's own checker with shape inference ({@code onnx.checker.check_model(full_check=True)},
 * Debian's python3-onnx, which scripts/setup.sh installs). Skipped with a message where it is absent.
 */
@Tag("fast")
class OnnxCheckerTest {

    /** Debian's python3: the onnx module is installed for it, not for a pyenv python first on PATH. */
    static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void checkerAvailable() throws Exception {
        boolean present = java.nio.file.Files.isExecutable(Path.of(PYTHON)) && run(PYTHON, "-c", "import onnx.checker").exitCode == 0;
        assumeTrue(present, "ONNX checker test skipped: " + PYTHON + " cannot import onnx (apt-get install python3-onnx)");
    }

    @Test
    void exportedEncodersAndGeneratorsPassTheOnnxChecker(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            for (DatasetInfo data : new DatasetInfo[] {OnnxExportTest.GREY, OnnxExportTest.COLOUR}) {
                check(EncoderExport.model(Models.encoder(new EncoderSpec("resnet18", 4, 8, true, true), data, m, 1, WeightInit.PYTORCH),
                        OnnxExportTest.info(data)), dir.resolve("encoder-" + data.channels() + ".onnx"));
                check(GeneratorExport.model(Models.generator(new GeneratorSpec(4, 3, 0.05, true), data, m, 1, WeightInit.PYTORCH),
                        OnnxExportTest.info(data)), dir.resolve("generator-" + data.channels() + ".onnx"));
            }
        }
    }

    private static void check(ModelProto model, Path file) throws Exception {
        OnnxModelFile.write(model, file);
        Result r = run(PYTHON, "-c", "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); "
                + "print(m.opset_import[0].version, len(m.graph.node))", file.toString());
        assertEquals(0, r.exitCode, file.getFileName() + " fails the ONNX checker:\n" + r.output);
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
