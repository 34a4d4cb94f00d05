package io.featuredrop.audio;

import java.util.SplittableRandom;

/**
 * The three background classes mixed under the spoken digits, each a fresh 1 s draw from a seeded
 * source (so the dataset is reproducible): babble (four overlapped stretches of continuous speech
 * from the prepared {@code babble.s16}), traffic (low-frequency brown noise with slow swells, a
 * vehicle passing) and machinery (a hum: a fundamental of 50-120 Hz with decaying harmonics,
 * beating at 8-20 Hz, over a little hiss). Every draw is scaled to a peak of 1.
 */
public enum BackgroundNoise {
    BABBLE, TRAFFIC, MACHINERY;

    /** One draw of {@code length} samples at {@code sampleRate}; {@code babble} is the speech the babble is cut from. */
    public float[] draw(SplittableRandom random, int length, int sampleRate, float[] babble) {
        float[] out = new float[length];
        switch (this) {
            case BABBLE -> {
                if (babble.length <= length) {
                    throw new IllegalArgumentException("babble source of " + babble.length + " samples is shorter than a clip");
                }
                for (int speaker = 0; speaker < 4; speaker++) {
                    int from = random.nextInt(babble.length - length);
                    double gain = 0.5 + 0.5 * random.nextDouble();
                    for (int i = 0; i < length; i++) {
                        out[i] += (float) (gain * babble[from + i]);
                    }
                }
            }
            case TRAFFIC -> {
                // brown noise (integrated white noise, leaky so it stays bounded), smoothed, under a slow swell
                double level = 0;
                double smooth = 0;
                double swellHz = 0.3 + 0.7 * random.nextDouble();
                double phase = 2 * Math.PI * random.nextDouble();
                for (int i = 0; i < length; i++) {
                    level = 0.995 * level + (random.nextDouble() - 0.5);
                    smooth += 0.2 * (level - smooth);
                    double swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * swellHz * i / sampleRate + phase);
                    out[i] = (float) (smooth * swell);
                }
            }
            case MACHINERY -> {
                double f0 = 50 + 70 * random.nextDouble();
                double beatHz = 8 + 12 * random.nextDouble();
                double[] amplitude = new double[8];
                double[] phases = new double[8];
                for (int h = 0; h < amplitude.length; h++) {
                    amplitude[h] = (0.5 + random.nextDouble()) / (h + 1);
                    phases[h] = 2 * Math.PI * random.nextDouble();
                }
                for (int i = 0; i < length; i++) {
                    double t = (double) i / sampleRate;
                    double hum = 0;
                    for (int h = 0; h < amplitude.length; h++) {
                        hum += amplitude[h] * Math.sin(2 * Math.PI * f0 * (h + 1) * t + phases[h]);
                    }
                    double beat = 0.7 + 0.3 * Math.sin(2 * Math.PI * beatHz * t);
                    out[i] = (float) (hum * beat + 0.05 * (random.nextDouble() - 0.5));
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return peakNormalised(out);
    }

    /** The largest |sample|. */
    static float peak(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak;
    }

    static float[] peakNormalised(float[] x) {
        float peak = peak(x);
        if (peak > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= peak;
            }
        }
        return x;
    }
}
