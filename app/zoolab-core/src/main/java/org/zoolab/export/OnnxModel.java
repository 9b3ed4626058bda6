package org.zoolab.export;

import org.zoolab.export.OnnxSchema.ModelProto;
import org.zoolab.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An exported ONNX model.
 *
 * @param proto      the model
 * @param parameters float values of its weights, biases and batch-norm scales and statistics (as DL4J counts
 *                   its parameters; the few int64 shape constants are not counted)
 * @param inputs     the graph's input names, in the DL4J graph's order
 * @param outputs    the graph's output names, in the DL4J graph's order (the main classifier first)
 */
public record OnnxModel(ModelProto proto, long parameters, List<String> inputs, List<String> outputs) {

    public OnnxModel {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The number of ONNX nodes (operators). */
    public int nodes() {
        return proto.getGraph().getNodeCount();
    }

    /** The ONNX operator set version the model imports. */
    public long opset() {
        return proto.getOpsetImport(0).getVersion();
    }

    /** The serialized model, as {@link #write} stores it. */
    public byte[] toByteArray() {
        return proto.toByteArray();
    }

    /** The size of the serialized model in bytes. */
    public long sizeBytes() {
        return proto.getSerializedSize();
    }

    /** Writes the model to {@code file} atomically (a reader sees the old file or the whole new one). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, proto::writeTo);
    }
}
