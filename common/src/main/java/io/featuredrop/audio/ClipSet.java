package io.featuredrop.audio;

import io.featuredrop.data.DatasetFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prepared clips of one split (scripts/prepare-audio.sh): {@code <split>.s16}, fixed-length
 * 16-bit little-endian mono PCM, and {@code <split>.csv} with the digit, voice, rate and pitch of
 * each clip, in the same order.
 */
public record ClipSet(int clipLength, short[] samples, int[] digits, String[] voices) {

    public int count() {
        return digits.length;
    }

    /** Clip {@code i} as floats in [-1, 1). */
    public float[] clip(int i) {
        float[] out = new float[clipLength];
        for (int k = 0; k < clipLength; k++) {
            out[k] = samples[i * clipLength + k] / 32768f;
        }
        return out;
    }

    public static ClipSet read(Path pcm, Path csv, int clipLength) throws IOException {
        for (Path p : List.of(pcm, csv)) {
            if (!Files.isRegularFile(p)) {
                throw new DatasetFormatException("spoken-digits file " + p + " is missing; run scripts/prepare-data.sh (it calls "
                        + "scripts/prepare-audio.sh) or set featuredrop.data.dir / FEATUREDROP_DATA_DIR to a prepared data folder");
            }
        }
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).equals("digit,voice,rate,pitch")) {
            throw new DatasetFormatException(csv + ": expected the header digit,voice,rate,pitch");
        }
        int n = lines.size() - 1;
        int[] digits = new int[n];
        String[] voices = new String[n];
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            try {
                digits[i] = Integer.parseInt(f[0]);
                voices[i] = f[1];
            } catch (RuntimeException e) {
                bad.add("line " + (i + 2));
                continue;
            }
            if (digits[i] < 0 || digits[i] > 9) {
                bad.add("line " + (i + 2) + " digit " + digits[i]);
            }
        }
        if (!bad.isEmpty()) {
            throw new DatasetFormatException(csv + ": unreadable rows " + bad.subList(0, Math.min(5, bad.size())));
        }
        byte[] bytes = Files.readAllBytes(pcm);
        if (bytes.length != (long) n * clipLength * 2) {
            throw new DatasetFormatException(pcm + " has " + bytes.length + " bytes; " + n + " clips of " + clipLength
                    + " 16-bit samples need " + (long) n * clipLength * 2 + " (prepared by another version? rerun scripts/prepare-audio.sh)");
        }
        short[] samples = new short[n * clipLength];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return new ClipSet(clipLength, samples, digits, voices);
    }

    /** A raw 16-bit little-endian PCM file as floats in [-1, 1). */
    public static float[] readPcm(Path pcm) throws IOException {
        if (!Files.isRegularFile(pcm)) {
            throw new DatasetFormatException("spoken-digits file " + pcm + " is missing; run scripts/prepare-data.sh");
        }
        byte[] bytes = Files.readAllBytes(pcm);
        short[] s = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] / 32768f;
        }
        return out;
    }
}
