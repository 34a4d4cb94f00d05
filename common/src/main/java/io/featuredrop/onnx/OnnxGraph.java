package io.featuredrop.onnx;

import com.google.protobuf.ByteString;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Builds one ONNX model with the schema's generated classes: float inputs and outputs whose first
 * axis is the dynamic batch, initializers (weights and constants) and nodes, each value named
 * uniquely. Opset 17 (the newest Debian's onnx 1.12 checker knows), IR version 8.
 */
public final class OnnxGraph {

    public static final int OPSET = 17;
    public static final int IR_VERSION = 8;
    /** The symbolic name of every input's and output's first axis. */
    public static final String BATCH = "batch";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final java.util.Set<String> names = new java.util.HashSet<>();
    private int counter;

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float input of shape [batch, dims...]. */
    public String input(String name, long... dims) {
        claim(name);
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /** Makes {@code value} a float output of shape [batch, dims...] under the public name {@code name}. */
    public void output(String value, String name, long... dims) {
        claim(name);
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(fresh("Identity_node")).addInput(value).addOutput(name));
        graph.addOutput(valueInfo(name, dims));
    }

    /** A float constant (raw little-endian data); returns its value name. */
    public String constant(String hint, float[] values, long... dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(hint + ": " + values.length + " values for shape " + java.util.Arrays.toString(dims));
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 constant (shapes, axes, pads); returns its value name. */
    public String constantLongs(String hint, long... values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** One node with a single output; attributes are Long, Float, String, long[] or float[]. Returns the output's name. */
    public String node(String op, String[] inputs, String outputHint, Map<String, Object> attributes) {
        String out = fresh(outputHint);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(op + "_node")).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.addAttribute(attribute(e.getKey(), e.getValue())));
        graph.addNode(n);
        return out;
    }

    /** Shorthand for a node without attributes whose output is named after the op. */
    public String node(String op, String... inputs) {
        return node(op, inputs, op, Map.of());
    }

    /** The model: this graph, the opset, the producer and {@code metadata} as metadata_props. */
    public ModelProto model(Map<String, String> metadata, String docString) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("featuredrop")
                .setProducerVersion("0.1.0").setDomain("io.featuredrop").setModelVersion(1).setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private String fresh(String hint) {
        String name;
        do {
            name = hint + "_" + (counter++);
        } while (names.contains(name));
        names.add(name);
        return name;
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("value name " + name + " is already used in the graph");
        }
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long l) {
            a.setType(AttributeProto.AttributeType.INT).setI(l);
        } else if (value instanceof Integer i) {
            a.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (value instanceof Float f) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (value instanceof float[] fs) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : fs) {
                a.addFloats(f);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + " has unsupported type " + value.getClass().getSimpleName());
        }
        return a.build();
    }
}
