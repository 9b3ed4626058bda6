/**
 * Export to other runtimes: {@link org.zoolab.export.OnnxExporter} turns a zoo classifier's DL4J
 * {@code ComputationGraph} (trained or not) into an ONNX model (opset {@value org.zoolab.export.OnnxExporter#OPSET},
 * NCHW, float32, a free batch dimension) that ONNX Runtime, TensorRT or OpenVINO can run, layer for layer with
 * DL4J's inference semantics (dropout off, batch norm on its running statistics); a layer it cannot translate is
 * refused by name ({@link org.zoolab.export.UnsupportedLayerException}). The ONNX schema's classes
 * ({@code OnnxSchema}) are generated at build time from {@code src/main/proto/onnx.proto}, a subset of the
 * official schema with its field numbers. Of zoolab this package imports only {@code io} and the root error type;
 * whoever loads the network (the CLI from a run directory, a model file or the zoo) passes the graph and its input
 * shape in.
 */
package org.zoolab.export;
