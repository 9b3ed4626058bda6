#!/usr/bin/python3
"""Writes lenet5_keras.h5: a Keras 2 (HDF5) Sequential LeNet-5 with zoolab's layer names and seeded random
weights, in the layout keras.Model.save() uses (root attributes model_config, keras_version, backend; group
model_weights/<layer>/<layer>/kernel:0 ...), without Keras: h5py and numpy only (Debian's python3-h5py).

Also writes lenet5_keras_expected.json: an input image and the class probabilities that the Keras model gives for
it, computed here by a plain numpy forward pass with Keras's semantics (channels_last, kernels [kh, kw, in, out]).
And lenet5_keras_f6_80.h5: the same model with an 80-unit f6 (a shape mismatch for the importer to report).

Run: /usr/bin/python3 make_lenet5_h5.py   (in this folder)
"""
import json
import h5py
import numpy as np

rng = np.random.default_rng(7)


def conv_cfg(name, filters):
    return {"class_name": "Conv2D", "config": {
        "name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [5, 5],
        "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1],
        "activation": "tanh", "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}}


def pool_cfg(name):
    return {"class_name": "AveragePooling2D", "config": {
        "name": name, "trainable": True, "dtype": "float32", "pool_size": [2, 2], "padding": "valid",
        "strides": [2, 2], "data_format": "channels_last"}}


def dense_cfg(name, units, activation):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}}


def build(f6_units):
    layers = [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 32, 32, 1], "dtype": "float32",
                                                "sparse": False, "name": "input"}},
        conv_cfg("c1", 6), pool_cfg("s2"), conv_cfg("c3", 16), pool_cfg("s4"), conv_cfg("c5", 120),
        {"class_name": "Flatten", "config": {"name": "flatten", "trainable": True, "dtype": "float32",
                                             "data_format": "channels_last"}},
        dense_cfg("f6", f6_units, "tanh"), dense_cfg("output", 10, "softmax")]
    weights = {
        "c1": [rng.normal(0, 0.3, (5, 5, 1, 6)), rng.normal(0, 0.1, 6)],
        "c3": [rng.normal(0, 0.1, (5, 5, 6, 16)), rng.normal(0, 0.1, 16)],
        "c5": [rng.normal(0, 0.05, (5, 5, 16, 120)), rng.normal(0, 0.1, 120)],
        "f6": [rng.normal(0, 0.1, (120, f6_units)), rng.normal(0, 0.1, f6_units)],
        "output": [rng.normal(0, 0.3, (f6_units, 10)), rng.normal(0, 0.1, 10)],
    }
    return layers, {k: [w.astype(np.float32) for w in v] for k, v in weights.items()}


def save(path, layers, weights):
    config = {"class_name": "Sequential", "config": {"name": "lenet5", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        g = f.create_group("model_weights")
        names = [l["config"]["name"] for l in layers if l["class_name"] != "InputLayer"]
        g.attrs["layer_names"] = np.array([n.encode("utf8") for n in names])
        g.attrs["keras_version"] = b"2.2.4"
        g.attrs["backend"] = b"tensorflow"
        for n in names:
            lg = g.create_group(n)
            ws = weights.get(n, [])
            wn = [f"{n}/kernel:0".encode(), f"{n}/bias:0".encode()] if ws else []
            lg.attrs["weight_names"] = np.array(wn, dtype="S") if wn else np.array([], dtype="S1")
            if ws:
                sub = lg.create_group(n)
                sub.create_dataset("kernel:0", data=ws[0])
                sub.create_dataset("bias:0", data=ws[1])


def conv(x, k, b):          # x [H, W, C], k [kh, kw, C, O]: valid, stride 1
    kh, kw, _, o = k.shape
    h, w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = np.zeros((h, w, o))
    for i in range(h):
        for j in range(w):
            out[i, j] = np.tensordot(x[i:i + kh, j:j + kw, :], k, axes=([0, 1, 2], [0, 1, 2]))
    return out + b


def avgpool(x):
    return (x[0::2, 0::2] + x[1::2, 0::2] + x[0::2, 1::2] + x[1::2, 1::2]) / 4


def forward(x, w):          # x [32, 32, 1]
    a = avgpool(np.tanh(conv(x, *w["c1"])))
    a = avgpool(np.tanh(conv(a, *w["c3"])))
    a = np.tanh(conv(a, *w["c5"])).reshape(-1)
    a = np.tanh(a @ w["f6"][0] + w["f6"][1])
    z = a @ w["output"][0] + w["output"][1]
    e = np.exp(z - z.max())
    return e / e.sum()


layers, weights = build(84)
save("lenet5_keras.h5", layers, weights)
x = rng.uniform(0, 1, (32, 32, 1)).astype(np.float32)
p = forward(x.astype(np.float64), {k: [a.astype(np.float64) for a in v] for k, v in weights.items()})
with open("lenet5_keras_expected.json", "w") as f:
    json.dump({"input_hw": x[:, :, 0].tolist(), "probabilities": p.tolist()}, f)
layers80, weights80 = build(80)
save("lenet5_keras_f6_80.h5", layers80, weights80)
print("wrote lenet5_keras.h5, lenet5_keras_f6_80.h5, lenet5_keras_expected.json; probabilities", np.round(p, 4))
