#!/usr/bin/python3
"""Writes the inputs of `bench decode`: one 2048x2048 12-bit-in-16 radiograph-like image as DICOM in
each transfer syntax we decode (explicit VR LE, big endian, JPEG lossless, RLE, JPEG 2000 lossless) and,
for comparison, as a 16-bit PNG. Not committed (about 40 MB); run:

    /usr/bin/python3 tools/dicom/make_bench_data.py /tmp/dicom-bench
    java -jar target/autodidact.jar bench decode --data /tmp/dicom-bench --seconds 20

Needs python3-pydicom, python3-pil, dcmtk and libgdcm-tools (Debian).
"""
import os
import subprocess
import sys

import numpy as np
from PIL import Image
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ExplicitVRBigEndian


def radiograph(n=2048, seed=7):
    """Smooth anatomy-like intensity field, a bright collimator edge and detector noise, 12 bits."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:n, 0:n] / n
    body = 1800 + 900 * np.exp(-((x - 0.5) ** 2 / 0.08 + (y - 0.55) ** 2 / 0.15))
    lungs = -600 * (np.exp(-((x - 0.33) ** 2 + (y - 0.45) ** 2) / 0.01) + np.exp(-((x - 0.67) ** 2 + (y - 0.45) ** 2) / 0.01))
    img = body + lungs + rng.normal(0, 40, size=(n, n))
    img[:, : n // 20] = 4000
    return np.clip(img, 0, 4095).astype(np.uint16)


def write(path, arr, ts):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.10.1234.9000"
    meta.TransferSyntaxUID = ts
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.PatientName = "FAKE^BENCH"
    ds.Modality = "DX"
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Rows, ds.Columns = arr.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.WindowCenter, ds.WindowWidth = "2048", "4096"
    ds.is_little_endian = ts != ExplicitVRBigEndian
    ds.is_implicit_VR = False
    ds.PixelData = arr.astype(arr.dtype.newbyteorder("<" if ds.is_little_endian else ">")).tobytes()
    ds.save_as(path, write_like_original=False)


def main(out):
    os.makedirs(out, exist_ok=True)
    arr = radiograph()
    le = os.path.join(out, "a-explicit-le.dcm")
    write(le, arr, ExplicitVRLittleEndian)
    write(os.path.join(out, "b-explicit-be.dcm"), arr, ExplicitVRBigEndian)
    subprocess.run(["dcmcjpeg", "+e1", le, os.path.join(out, "c-jpeg-lossless.dcm")], check=True)
    subprocess.run(["gdcmconv", "--rle", le, os.path.join(out, "d-rle.dcm")], check=True)
    subprocess.run(["gdcmconv", "--j2k", le, os.path.join(out, "e-jpeg2000.dcm")], check=True)
    Image.fromarray(arr.astype(np.uint16)).save(os.path.join(out, "f-png16.png"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dicom-bench")
