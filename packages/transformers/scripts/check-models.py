"""Validates the shipped ONNX files with the reference ONNX checker (full check, with shape
inference). Optional; needs Debian's python3-onnx (`apt-get install python3-onnx`).
Their outputs are checked by the vitest suite through onnxruntime (e.g. the cross-encoder's exact
logits in transformers-similarity-ranker.test.ts).
Run: npm run -w @synapse-rag/transformers check:models"""
import pathlib

import onnx

root = pathlib.Path(__file__).resolve().parent.parent / "models"
for path in sorted(root.glob("**/onnx/*.onnx")):
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    ins = ", ".join(i.name for i in model.graph.input)
    outs = ", ".join(o.name for o in model.graph.output)
    print(f"ok  {path.relative_to(root)}  opset {model.opset_import[0].version}  inputs [{ins}] -> [{outs}]")
