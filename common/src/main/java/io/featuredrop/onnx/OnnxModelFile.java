package io.featuredrop.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import onnx.Onnx.ModelProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes exported models and reads ONNX files back, with a clear error for what is not a usable ONNX model. */
public final class OnnxModelFile {

    private OnnxModelFile() {
    }

    /** Writes the model (temp file + atomic move, so a reader never sees half a file); returns its size in bytes. */
    public static long write(ModelProto model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = model.toByteArray();
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return bytes.length;
    }

    /** Parses and checks an ONNX file's bytes: a model with an IR version, an opset, a graph with nodes, inputs and outputs. */
    public static ModelProto parse(byte[] bytes, String source) throws MalformedOnnxModel {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOnnxModel(source + " is not an ONNX model (" + bytes.length + " bytes; truncated or not protobuf: "
                    + e.getMessage() + ")");
        }
        if (model.getIrVersion() <= 0 || model.getOpsetImportCount() == 0) {
            throw new MalformedOnnxModel(source + " is not an ONNX model: no IR version or opset import");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 || model.getGraph().getInputCount() == 0
                || model.getGraph().getOutputCount() == 0) {
            throw new MalformedOnnxModel(source + " has no usable graph (nodes, inputs and outputs are needed)");
        }
        return model;
    }

    public static ModelProto read(Path file) throws IOException, MalformedOnnxModel {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** The model's metadata_props as a map. */
    public static Map<String, String> metadata(ModelProto model) {
        Map<String, String> m = new LinkedHashMap<>();
        model.getMetadataPropsList().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /** What cannot be used as an ONNX model, and why. */
    public static final class MalformedOnnxModel extends Exception {
        public MalformedOnnxModel(String message) {
            super(message);
        }
    }
}
