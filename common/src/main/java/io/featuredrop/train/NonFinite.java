package io.featuredrop.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.ParameterList;
import java.util.ArrayList;
import java.util.List;

/** Where NaN/Inf values are when a loss blew up: the input views, and which parameters (for the run's FAILED reason). */
public final class NonFinite {

    private NonFinite() {
    }

    /**
     * @param generator the Viewmaker's parameters, or null outside Viewmaker modes
     */
    public static String diagnose(NDArray views, ParameterList encoder, ParameterList generator) {
        StringBuilder sb = new StringBuilder();
        sb.append("views ").append(finite(views) ? "finite" : "NOT finite");
        sb.append("; encoder parameters not finite: ").append(names(encoder));
        if (generator != null) {
            sb.append("; generator parameters not finite: ").append(names(generator));
        }
        return sb.toString();
    }

    /**
     * Names of the trainable parameters whose gradient holds NaN/Inf, in the block's parameter order
     * (forward order: the last name is the layer nearest the output, where backward starts).
     */
    public static List<String> gradientsNotFinite(ParameterList parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> {
            NDArray weight = p.getValue().getArray();
            if (p.getValue().requiresGradient() && weight.hasGradient()) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    // one reduction per parameter on every step: any NaN or Inf makes the sum non-finite
                    if (!Float.isFinite(weight.getGradient().sum().getFloat())) {
                        names.add(p.getKey());
                    }
                }
            }
        });
        return names;
    }

    /** "gradient not finite in 3 of 40 parameters; nearest the output (where backward starts): X; nearest the input: Y". */
    public static String describeGradients(List<String> bad, int total) {
        return "gradient not finite in " + bad.size() + " of " + total + " parameters; nearest the output (where backward starts): "
                + bad.get(bad.size() - 1) + "; nearest the input: " + bad.get(0);
    }

    public static boolean finite(NDArray a) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = a.stopGradient();
            return !x.isNaN().logicalOr(x.isInfinite()).any().getBoolean();
        }
    }

    static List<String> names(ParameterList parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> {
            if (!finite(p.getValue().getArray())) {
                names.add(p.getKey());
            }
        });
        return names;
    }
}
