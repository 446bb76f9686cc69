#!/usr/bin/python3
"""Writes the ONNX models the tests and the bench serve, into tests/Fixtures/onnx/.

Uses Debian's packages only (python3-torch, python3-onnx, python3-numpy): run it with
/usr/bin/python3. The files it writes are committed, so CI never runs it; run it again only to
change a fixture. Every model is deterministic (fixed seeds), and small.

  mlp.onnx              a real MLP 4 -> 16 -> 1 trained with torch on generated data, dynamic batch
  mlp-784.onnx          the bench's MLP 784 -> 256 -> 10 (float), dynamic batch
  classifier.onnx       label (int64 [N]) + probabilities as a float tensor [N, 3]
  classifier-zipmap.onnx  label (string [N]) + probabilities as ZipMap's sequence of maps, as skl2onnx exports
  fixed-batch.onnx      input float [4, 3], a fixed batch dimension of 4: y = x @ W + b, [4, 2]
  double.onnx, int32.onnx, int64.onnx   y = 2x + 1 over [N, 3] of that element type
  grid.onnx             input float [N, 2, 2] (features multiply to 4), output [N, 2, 2] = x * 3
  two-inputs.onnx       two inputs: not mappable
  string-input.onnx     a string tensor input: not mappable
  expected.json         a few inputs of mlp.onnx and torch's outputs for them
"""
import json
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Fixtures", "onnx")
OPSET = [helper.make_opsetid("", 13)]
ML_OPSET = OPSET + [helper.make_opsetid("ai.onnx.ml", 2)]


def save(model, name):
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def train_mlp():
    torch.manual_seed(7)
    x = torch.rand(2048, 4) * 2 - 1
    # A smooth nonlinear target the MLP can learn: y = sin(2 x0) + x1 * x2 - 0.5 x3^2.
    y = (torch.sin(2 * x[:, 0]) + x[:, 1] * x[:, 2] - 0.5 * x[:, 3] ** 2).unsqueeze(1)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(600):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"mlp.onnx: training loss {loss.item():.4f}")
    model.eval()
    export(model, torch.zeros(1, 4), "mlp.onnx")
    samples = [[0.1, -0.2, 0.3, 0.4], [1.0, 1.0, 1.0, 1.0], [-0.5, 0.25, 0.0, -1.0]]
    with torch.no_grad():
        outputs = model(torch.tensor(samples)).numpy().tolist()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"mlp.onnx": {"inputs": samples, "outputs": outputs}}, f, indent=2)
        f.write("\n")


def bench_mlp():
    torch.manual_seed(11)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    model.eval()
    export(model, torch.zeros(1, 784), "mlp-784.onnx")


def export(model, example, name):
    torch.onnx.export(
        model, example, os.path.join(OUT, name),
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        opset_version=13)
    onnx.checker.check_model(onnx.load(os.path.join(OUT, name)))


def classifier_nodes():
    """A linear softmax classifier over 4 features and 3 classes (fixed weights)."""
    rng = np.random.default_rng(3)
    w = numpy_helper.from_array(rng.normal(size=(4, 3)).astype(np.float32), "W")
    b = numpy_helper.from_array(np.array([0.1, -0.2, 0.05], dtype=np.float32), "B")
    nodes = [
        helper.make_node("MatMul", ["input", "W"], ["logits0"]),
        helper.make_node("Add", ["logits0", "B"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    return nodes, [w, b]


def classifier():
    nodes, init = classifier_nodes()
    graph = helper.make_graph(
        nodes, "classifier",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 3])],
        init)
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make-onnx-fixtures"), "classifier.onnx")


def classifier_zipmap():
    nodes, init = classifier_nodes()
    classes = ["setosa", "versicolor", "virginica"]
    nodes += [
        helper.make_node("LabelEncoder", ["label"], ["output_label"], domain="ai.onnx.ml",
                         keys_int64s=[0, 1, 2], values_strings=classes, default_string="unknown"),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain="ai.onnx.ml",
                         classlabels_strings=classes),
    ]
    # onnx 1.12 (Debian's) has no make_map_type_proto: the type is built by hand, seq(map(string, float)).
    seq_map = onnx.TypeProto()
    seq_map.sequence_type.elem_type.map_type.key_type = TensorProto.STRING
    seq_map.sequence_type.elem_type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
    graph = helper.make_graph(
        nodes, "classifier_zipmap",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("output_label", TensorProto.STRING, ["N"]),
         helper.make_value_info("output_probability", seq_map)],
        init)
    save(helper.make_model(graph, opset_imports=ML_OPSET, producer_name="make-onnx-fixtures"), "classifier-zipmap.onnx")


def fixed_batch():
    w = numpy_helper.from_array(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32), "W")
    b = numpy_helper.from_array(np.array([0.5, -0.5], dtype=np.float32), "B")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["input", "W"], ["y0"]), helper.make_node("Add", ["y0", "B"], ["output"])],
        "fixed_batch",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [4, 3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [4, 2])],
        [w, b])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make-onnx-fixtures"), "fixed-batch.onnx")


def affine(name, element, dtype):
    two = numpy_helper.from_array(np.array(2, dtype=dtype), "two")
    one = numpy_helper.from_array(np.array(1, dtype=dtype), "one")
    graph = helper.make_graph(
        [helper.make_node("Mul", ["input", "two"], ["y0"]), helper.make_node("Add", ["y0", "one"], ["output"])],
        name.split(".")[0],
        [helper.make_tensor_value_info("input", element, ["N", 3])],
        [helper.make_tensor_value_info("output", element, ["N", 3])],
        [two, one])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make-onnx-fixtures"), name)


def grid():
    three = numpy_helper.from_array(np.array(3, dtype=np.float32), "three")
    graph = helper.make_graph(
        [helper.make_node("Mul", ["input", "three"], ["output"])], "grid",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 2, 2])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 2, 2])],
        [three])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make-onnx-fixtures"), "grid.onnx")


def two_inputs():
    graph = helper.make_graph(
        [helper.make_node("Add", ["a", "b"], ["output"])], "two_inputs",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 3]),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, ["N", 3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 3])])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make-onnx-fixtures"), "two-inputs.onnx")


def string_input():
    graph = helper.make_graph(
        [helper.make_node("Identity", ["text"], ["output"])], "string_input",
        [helper.make_tensor_value_info("text", TensorProto.STRING, ["N", 1])],
        [helper.make_tensor_value_info("output", TensorProto.STRING, ["N", 1])])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make-onnx-fixtures"), "string-input.onnx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    train_mlp()
    bench_mlp()
    classifier()
    classifier_zipmap()
    fixed_batch()
    affine("double.onnx", TensorProto.DOUBLE, np.float64)
    affine("int32.onnx", TensorProto.INT32, np.int32)
    affine("int64.onnx", TensorProto.INT64, np.int64)
    grid()
    two_inputs()
    string_input()
    for name in sorted(os.listdir(OUT)):
        print(f"{name}: {os.path.getsize(os.path.join(OUT, name))} bytes")
