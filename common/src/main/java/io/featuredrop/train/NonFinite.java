package io.featuredrop.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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

    static boolean finite(NDArray a) {
        try (NDManager scratch = a.getManager().newSubManager()) {
            NDArray copy = a.stopGradient();
            copy.attach(scratch);
            NDArray bad = copy.isNaN().logicalOr(copy.isInfinite()).any();
            bad.attach(scratch);
            return !bad.getBoolean();
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
