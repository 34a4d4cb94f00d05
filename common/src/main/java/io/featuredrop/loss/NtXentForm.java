package io.featuredrop.loss;

/**
 * Which NT-Xent: {@link #PAPER} is the Viewmaker / Feature Dropout code's form (view-1 embeddings
 * are the anchors; the softmax runs over all 2N embeddings including the anchor's own; minus log 2N),
 * the default because the paper's numbers come from it. {@link #SYMMETRIC} is SimCLR's: every one of
 * the 2N embeddings is an anchor and its own similarity is left out of the denominator.
 */
public enum NtXentForm {
    PAPER("paper"), SYMMETRIC("symmetric");

    private final String wireName;

    NtXentForm(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static NtXentForm fromWire(String name) {
        for (NtXentForm f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "' (paper, symmetric)");
    }
}
