package io.featuredrop.audio;

import io.featuredrop.data.DataLocations;
import io.featuredrop.data.Split;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java log-mel spectrogram (JTransforms FFT) against an independent reference written here: a
 * plain O(N^2) DFT per frame and its own HTK mel filterbank, on a prepared clip mixed with each
 * background and on a synthetic chirp; and a pure tone lands in the mel band that contains it.
 */
@Tag("fast")
class LogMelSpectrogramTest {

    @Test
    void matchesAPlainDftReferenceOnRealMixturesAndAChirp() throws Exception {
        Path dir = DataLocations.fromEnvironment().dataDir().resolve("spoken-digits");
        ClipSet test = ClipSet.read(dir.resolve("test.s16"), dir.resolve("test.csv"), SpokenDigitsDataset.CLIP_LENGTH);
        float[] babble = ClipSet.readPcm(dir.resolve("babble.s16"));
        LogMelSpectrogram spectrogram = LogMelSpectrogram.standard();
        for (BackgroundNoise background : BackgroundNoise.values()) {
            float[] mix = SpokenDigitsDataset.mixture(test, 17, background, Split.TEST, 0.05, babble);
            assertClose(reference(mix), spectrogram.image(mix), "clip 17 + " + background);
        }
        float[] chirp = new float[16_000];
        for (int i = 0; i < chirp.length; i++) {
            double t = i / 16_000.0;
            chirp[i] = (float) (0.5 * Math.sin(2 * Math.PI * (100 * t + 3_000 * t * t)));
        }
        assertClose(reference(chirp), spectrogram.image(chirp), "chirp 100 Hz -> 6.1 kHz");
    }

    @Test
    void aPureToneLightsTheMelBandThatContainsIt() {
        LogMelSpectrogram spectrogram = LogMelSpectrogram.standard();
        for (double hz : new double[] {300, 1_000, 4_000}) {
            float[] tone = new float[16_000];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16_000));
            }
            double[][] power = spectrogram.melPower(tone);
            int loudest = 0;
            for (int m = 1; m < power.length; m++) {
                if (power[m][32] > power[loudest][32]) {
                    loudest = m;
                }
            }
            // band m peaks at the (m+1)-th of 66 points equally spaced in HTK mel from 0 to 8 kHz
            double centre = 700 * (Math.pow(10, (2595 * Math.log10(1 + 8_000 / 700.0)) * (loudest + 1) / 65 / 2595) - 1);
            assertEquals(hz, centre, hz * 0.08, hz + " Hz tone lit band " + loudest + " centred at " + centre + " Hz");
        }
    }

    /** Independent: naive DFT of each centred, Hann-windowed frame, HTK triangles, dB to [0, 1] with 80 dB range. */
    static float[] reference(float[] x) {
        int fft = 512, win = 400, hop = 250, mels = 64, frames = 64, sr = 16_000;
        double[][] melPow = new double[mels][frames];
        double melTop = 2595 * Math.log10(1 + (sr / 2.0) / 700);
        double[] points = new double[mels + 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = 700 * (Math.pow(10, melTop * i / (mels + 1) / 2595) - 1);
        }
        for (int t = 0; t < frames; t++) {
            double[] frame = new double[fft];
            for (int n = 0; n < win; n++) {
                int i = t * hop - win / 2 + n;
                double w = 0.5 * (1 - Math.cos(2 * Math.PI * n / win));
                frame[n] = i >= 0 && i < x.length ? x[i] * w : 0;
            }
            double[] power = new double[fft / 2 + 1];
            for (int k = 0; k <= fft / 2; k++) {
                double re = 0, im = 0;
                for (int n = 0; n < fft; n++) {
                    re += frame[n] * Math.cos(2 * Math.PI * k * n / fft);
                    im -= frame[n] * Math.sin(2 * Math.PI * k * n / fft);
                }
                power[k] = re * re + im * im;
            }
            for (int m = 0; m < mels; m++) {
                double sum = 0;
                for (int k = 0; k <= fft / 2; k++) {
                    double f = k * (double) sr / fft;
                    double w = f <= points[m] || f >= points[m + 2] ? 0
                            : f <= points[m + 1] ? (f - points[m]) / (points[m + 1] - points[m]) : (points[m + 2] - f) / (points[m + 2] - points[m + 1]);
                    sum += w * power[k];
                }
                melPow[m][t] = sum;
            }
        }
        double top = Double.NEGATIVE_INFINITY;
        for (double[] row : melPow) {
            for (double p : row) {
                top = Math.max(top, 10 * Math.log10(Math.max(p, 1e-10)));
            }
        }
        float[] out = new float[mels * frames];
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < frames; t++) {
                double db = Math.max(10 * Math.log10(Math.max(melPow[m][t], 1e-10)), top - 80);
                out[(mels - 1 - m) * frames + t] = (float) ((db - top + 80) / 80);
            }
        }
        return out;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst < 1e-4, what + ": largest difference " + worst);
    }
}
