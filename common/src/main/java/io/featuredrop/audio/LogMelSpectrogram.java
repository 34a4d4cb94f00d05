package io.featuredrop.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Log-mel spectrogram of a mono clip as an image in [0, 1]: a periodic Hann window of
 * {@code window} samples zero-padded to {@code fftSize}, frames centred every {@code hop} samples
 * (the signal is zero outside the clip), power spectrum by JTransforms' real FFT, {@code mels}
 * triangular filters equally spaced on the HTK mel scale from 0 Hz to half the sample rate, then
 * 10 log10 power with the clip's loudest cell as reference and {@code topDb} dB of range, mapped
 * to [0, 1]. Row 0 is the highest mel band (so pictures have low frequencies at the bottom), column
 * t is frame t. Not thread-safe (one FFT buffer); make one per thread.
 */
public final class LogMelSpectrogram {

    /** Bands and frames of {@link #standard()}: the dataset's 64 x 64 images. */
    public static final int STANDARD_SIZE = 64;

    /** 16 kHz, 400-sample window (25 ms) in a 512-point FFT, hop 250 (15.6 ms), 64 mel bands x 64 frames, 80 dB; a new instance. */
    public static LogMelSpectrogram standard() {
        return new LogMelSpectrogram(16_000, 512, 400, 250, STANDARD_SIZE, STANDARD_SIZE, 80);
    }

    private final int sampleRate;
    private final int fftSize;
    private final int window;
    private final int hop;
    private final int mels;
    private final int frames;
    private final double topDb;
    private final double[] hann;
    private final double[][] filters;
    /** Each filter's non-zero bins, [from, to): a triangle spans a few bins, not the whole spectrum. */
    private final int[] filterFrom;
    private final int[] filterTo;
    private final DoubleFFT_1D fft;
    private final double[] buffer;

    public LogMelSpectrogram(int sampleRate, int fftSize, int window, int hop, int mels, int frames, double topDb) {
        if (window > fftSize) {
            throw new IllegalArgumentException("window " + window + " longer than the FFT " + fftSize);
        }
        this.sampleRate = sampleRate;
        this.fftSize = fftSize;
        this.window = window;
        this.hop = hop;
        this.mels = mels;
        this.frames = frames;
        this.topDb = topDb;
        this.hann = new double[window];
        for (int n = 0; n < window; n++) {
            hann[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / window);
        }
        this.filters = melFilters(sampleRate, fftSize, mels);
        this.filterFrom = new int[mels];
        this.filterTo = new int[mels];
        for (int m = 0; m < mels; m++) {
            int from = 0;
            while (from < filters[m].length && filters[m][from] == 0) {
                from++;
            }
            int to = filters[m].length;
            while (to > from && filters[m][to - 1] == 0) {
                to--;
            }
            filterFrom[m] = from;
            filterTo[m] = to;
        }
        this.fft = new DoubleFFT_1D(fftSize);
        this.buffer = new double[fftSize];
    }

    public int mels() {
        return mels;
    }

    public int frames() {
        return frames;
    }

    /** A description that changes whenever the computation's parameters do (part of cache keys). */
    public String describe() {
        return "logmel sr=" + sampleRate + " fft=" + fftSize + " win=" + window + " hop=" + hop + " mels=" + mels + " frames=" + frames
                + " topDb=" + topDb + " htk 0-nyquist hann-periodic centred";
    }

    /** The mel-band powers (mels x frames, row m = band m, lowest first), before the log. */
    public double[][] melPower(float[] signal) {
        double[][] power = new double[mels][frames];
        int bins = fftSize / 2 + 1;
        double[] spectrum = new double[bins];
        for (int t = 0; t < frames; t++) {
            java.util.Arrays.fill(buffer, 0);
            int start = t * hop - window / 2;
            for (int n = 0; n < window; n++) {
                int i = start + n;
                if (i >= 0 && i < signal.length) {
                    buffer[n] = signal[i] * hann[n];
                }
            }
            fft.realForward(buffer);
            // JTransforms' packing: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...]
            spectrum[0] = buffer[0] * buffer[0];
            spectrum[bins - 1] = buffer[1] * buffer[1];
            for (int k = 1; k < bins - 1; k++) {
                spectrum[k] = buffer[2 * k] * buffer[2 * k] + buffer[2 * k + 1] * buffer[2 * k + 1];
            }
            for (int m = 0; m < mels; m++) {
                double sum = 0;
                double[] f = filters[m];
                for (int k = filterFrom[m]; k < filterTo[m]; k++) {
                    sum += f[k] * spectrum[k];
                }
                power[m][t] = sum;
            }
        }
        return power;
    }

    /** The spectrogram image: mels x frames floats in [0, 1], row-major, highest band first. */
    public float[] image(float[] signal) {
        return toImage(melPower(signal), mels, frames, topDb);
    }

    /** 10 log10 with the loudest cell as 0 dB, clipped at -topDb, mapped to [0, 1]; row 0 = highest band. */
    static float[] toImage(double[][] power, int mels, int frames, double topDb) {
        double[][] db = new double[mels][frames];
        double top = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < frames; t++) {
                db[m][t] = 10 * Math.log10(Math.max(power[m][t], 1e-10));
                top = Math.max(top, db[m][t]);
            }
        }
        float[] out = new float[mels * frames];
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < frames; t++) {
                double v = Math.max(db[m][t], top - topDb);
                out[(mels - 1 - m) * frames + t] = (float) ((v - (top - topDb)) / topDb);
            }
        }
        return out;
    }

    /** HTK mel scale. */
    static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Triangular filters on mel-equally-spaced points from 0 Hz to the Nyquist frequency, peak 1. */
    static double[][] melFilters(int sampleRate, int fftSize, int mels) {
        int bins = fftSize / 2 + 1;
        double top = mel(sampleRate / 2.0);
        double[] edges = new double[mels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(top * i / (mels + 1));
        }
        double[][] filters = new double[mels][bins];
        for (int m = 0; m < mels; m++) {
            double lo = edges[m];
            double centre = edges[m + 1];
            double hi = edges[m + 2];
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / fftSize;
                double rising = (f - lo) / (centre - lo);
                double falling = (hi - f) / (hi - centre);
                filters[m][k] = Math.max(0, Math.min(rising, falling));
            }
        }
        return filters;
    }
}
