"""Minimal hand-written safetensors reader/writer (no safetensors package needed).

Format: u64 little-endian N | N bytes of UTF-8 JSON header (padded with spaces to a multiple of 8) |
data. Header: {"__metadata__": {str: str}, "<key>": {"dtype": "F32"|"F64"|"I64"|..., "shape": [...],
"data_offsets": [begin, end]}} with offsets relative to the start of the data; tensors are C-contiguous
little-endian and laid out back to back, here in sorted key order.
"""
import json
import struct

import numpy as np
import torch

_DT = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8"),
       torch.int32: ("I32", "<i4"), torch.bool: ("BOOL", "|b1")}
_NP = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4", "BOOL": "|b1"}


def save(tensors, path, metadata=None):
    header, blobs, off = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for key in sorted(tensors):
        t = tensors[key].detach().cpu().contiguous()
        name, npdt = _DT[t.dtype]
        b = t.numpy().astype(npdt, copy=False).tobytes(order="C")
        header[key] = {"dtype": name, "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    out = {}
    for k, v in header.items():
        b, e = v["data_offsets"]
        a = np.frombuffer(data[b:e], dtype=_NP[v["dtype"]]).reshape(v["shape"])
        out[k] = torch.from_numpy(a.copy())
    return out, meta
