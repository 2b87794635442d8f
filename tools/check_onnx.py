#!/usr/bin/python3
"""Runs the official ONNX checker (full check: schema + strict shape inference) on model files.

Usage: /usr/bin/python3 tools/check_onnx.py FILE_OR_DIR...

Needs Debian's python3-onnx (apt-get install python3-onnx). Exit 0 when every model passes.
"""
import pathlib
import sys

import onnx


def models(args):
    for a in args:
        p = pathlib.Path(a)
        if p.is_dir():
            yield from sorted(p.rglob("*.onnx"))
        else:
            yield p


def main(argv):
    if not argv:
        print(__doc__.strip())
        return 2
    failed = 0
    count = 0
    for path in models(argv):
        count += 1
        try:
            m = onnx.load(str(path))
            onnx.checker.check_model(m, full_check=True)
            opset = {o.domain or "ai.onnx": o.version for o in m.opset_import}
            if m.ir_version != 8 or opset.get("ai.onnx") != 17:
                raise ValueError(f"expected IR 8 / opset 17, got IR {m.ir_version} / {opset}")
        except Exception as e:  # noqa: BLE001 - report every failure, keep going
            failed += 1
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            print(f"FAIL {path}: {first}")
    print(f"onnx {onnx.__version__} checker (full_check): {count - failed} passed, {failed} failed")
    return 1 if failed or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
