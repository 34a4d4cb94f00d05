package io.featuredrop.process;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a result's bits depend on besides its config: the engine build, libtorch's thread counts, the
 * CPU's instruction set (ATen and oneDNN pick AVX-512 or AVX2 kernels at run time) and the
 * environment variables that steer those choices. A run is bitwise reproducible when all of them are
 * equal (docs/ML.md, "Reproducibility"); a different thread count splits reductions differently and
 * moves the last bits. Recorded in every checkpoint event and every result's provenance.
 */
public final class ComputeSettings {

    private ComputeSettings() {
    }

    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        Engine engine = Engine.getInstance();
        m.put("engine", engine.getEngineName() + " " + engine.getVersion());
        m.put("djl", Engine.getDjlVersion());
        if ("PyTorch".equals(engine.getEngineName())) {
            m.put("torch.intraOpThreads", String.valueOf(JniUtils.getNumThreads()));
            m.put("torch.interOpThreads", String.valueOf(JniUtils.getNumInteropThreads()));
            // the two paths sum a pixel's mirrored gradient copies in different orders
            m.put("torch.reflectionPad", io.featuredrop.model.ImageOps.reflectionPadPath());
            // oneDNN's channel tails are wrong on some CPUs; padded channels sum in another order
            m.put("torch.convChannels", io.featuredrop.model.ConvolutionChannelCheck.describe());
        }
        m.put("device", engine.defaultDevice().toString());
        m.putAll(CPU);
        for (String name : new String[] {"OMP_NUM_THREADS", "MKL_NUM_THREADS", "MKL_CBWR", "ATEN_CPU_CAPABILITY", "DNNL_MAX_CPU_ISA",
                "ONEDNN_MAX_CPU_ISA", "DNNL_DEFAULT_FPMATH_MODE", "ONEDNN_DEFAULT_FPMATH_MODE"}) {
            String value = System.getenv(name);
            if (value != null) {
                m.put("env." + name, value);
            }
        }
        return m;
    }

    /** Read once: the CPU does not change under a running process. */
    private static final Map<String, String> CPU = cpu();

    /**
     * CPU model and the widest vector extension it offers (ATen and oneDNN may choose narrower
     * kernels; the model name pins that down). Linux; empty elsewhere.
     */
    private static Map<String, String> cpu() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"));
            lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
            lines.stream().filter(l -> l.startsWith("flags")).findFirst().ifPresent(l -> {
                java.util.Set<String> flags = new java.util.HashSet<>(java.util.Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+")));
                m.put("cpu.isa", flags.contains("avx512f") ? "avx512" : flags.contains("avx2") ? "avx2" : "default");
            });
        } catch (java.io.IOException e) {
            // not Linux: the engine and thread counts still say most of it
        }
        return Map.copyOf(m);
    }
}
