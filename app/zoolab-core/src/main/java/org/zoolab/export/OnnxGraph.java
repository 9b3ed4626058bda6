package org.zoolab.export;

import com.google.protobuf.UnsafeByteOperations;
import org.zoolab.export.OnnxSchema.AttributeProto;
import org.zoolab.export.OnnxSchema.GraphProto;
import org.zoolab.export.OnnxSchema.NodeProto;
import org.zoolab.export.OnnxSchema.TensorProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph being written: nodes in the order they are added (the caller adds them topologically),
 * initializers, and the names used so far, so that no tensor name is produced twice.
 */
final class OnnxGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private long parameters;

    /** Claims a tensor name; a name produced twice would make an invalid graph. */
    String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("ONNX tensor name '" + name + "' produced twice");
        }
        return name;
    }

    /** Adds a node of operator {@code op} writing {@code output}; returns {@code output}. */
    String node(String op, String output, List<String> inputs, AttributeProto... attributes) {
        claim(output);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return output;
    }

    /**
     * Adds a float32 initializer; {@code parameter} counts it among the model's parameters (not a constant). The
     * values are stored as raw little-endian bytes, wrapped without a further copy (the buffer is not kept).
     */
    String floats(String name, long[] dims, float[] values, boolean parameter) {
        claim(name);
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(longList(dims)).setRawData(UnsafeByteOperations.unsafeWrap(b.array())));
        if (parameter) {
            parameters += values.length;
        }
        return name;
    }

    /** Adds a 1-d int64 initializer (shapes, pads, slice bounds). */
    String longs(String name, long... values) {
        claim(name);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).addAllInt64Data(longList(values)));
        return name;
    }

    /** The float parameters added so far (weights, biases, batch-norm scales and statistics). */
    long parameters() {
        return parameters;
    }

    GraphProto.Builder proto() {
        return graph;
    }

    static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(longList(values)).build();
    }

    static AttributeProto ints(String name, int... values) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = values[i];
        }
        return ints(name, l);
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    private static List<Long> longList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
