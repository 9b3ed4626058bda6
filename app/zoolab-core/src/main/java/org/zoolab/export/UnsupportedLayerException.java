package org.zoolab.export;

import org.zoolab.BadInputException;

/** A vertex of the graph has no ONNX translation; the message names the vertex, its type and what is supported. */
public final class UnsupportedLayerException extends BadInputException {

    /**
     * @param vertex the vertex name in the DL4J graph
     * @param type   its layer or vertex type, e.g. {@code LSTM}
     * @param detail what about it cannot be exported, or null for the type itself
     */
    public UnsupportedLayerException(String vertex, String type, String detail) {
        super("cannot export layer '" + vertex + "' (" + type + ") to ONNX"
                + (detail == null ? "" : ": " + detail)
                + (detail == null ? "; supported are " + OnnxExporter.SUPPORTED : ""));
    }
}
