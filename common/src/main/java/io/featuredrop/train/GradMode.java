package io.featuredrop.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's gradient mode is per thread and on by default; DJL switches it off only on the thread
 * that starts the engine. Service worker threads would otherwise record graphs for inference and
 * refuse in-place optimiser updates ("a leaf Variable that requires grad is being used in an
 * in-place operation"). Every entry point that computes calls {@link #off()} first; gradient
 * collectors switch it on and back.
 */
public final class GradMode {

    private GradMode() {
    }

    public static void off() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
