#!/usr/bin/python3
"""Writes the DICOM fixtures under testdata/dicom/ and their reference pixels.

Run from the repository root:  /usr/bin/python3 tools/dicom/make_fixtures.py

Needs Debian's python3-pydicom (2.3), dcmtk (dcmcjpeg, dcmcjpls, dcmdjpeg) and libgdcm-tools (gdcmconv).
Uncompressed files are written by pydicom; compressed ones are converted from them by dcmtk/gdcm.
Every file carries FAKE patient identifiers (see FAKE_IDS) so tests can check that none of them ever
reaches a log, report or checkpoint.

Reference values: frame 1 after the modality LUT (pydicom.pixel_data_handlers.util.apply_modality_lut)
and the window (apply_voi_lut for the header window; numpy for none/percentile/min-max), MONOCHROME1
inverted, as float32 in [0, 1], written raw little-endian to testdata/dicom-reference/NAME.WINDOW.f32. For lossless
compressed files the reference is that of the uncompressed source, after checking that dcmtk/gdcm
decode them back to the same stored values; for lossy JPEG it is dcmdjpeg's decoding.
fixtures.json lists every file with its expected shape, window, reference and tolerance, and the files
that must be refused with a word of the reason.
"""
import json
import os
import subprocess
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian

OUT = "testdata/dicom"
REF = "testdata/dicom-reference"  # apart, so testdata/dicom holds only DICOM files
FAKE_IDS = {
    "PatientName": "FAKE^SECRETNAME^TESTONLY",
    "PatientID": "FAKEPID90210",
    "PatientBirthDate": "19000101",
    "OtherPatientIDs": "FAKEOTHERID4711",
    "AccessionNumber": "FAKEACC777",
    "ReferringPhysicianName": "FAKE^DOCTORNAME",
    "InstitutionName": "FAKE HOSPITAL OF NOWHERE",
}
# Fixed UIDs so re-running gives identical files.
ROOT = "1.2.826.0.1.3680043.10.1234."


def dataset(path, arr, ts, photometric="MONOCHROME2", bits_stored=None, signed=False, n=1, **attrs):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray for presentation
    meta.MediaStorageSOPInstanceUID = ROOT + str(n)
    meta.TransferSyntaxUID = ts
    meta.ImplementationClassUID = ROOT + "0"
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    for k, v in FAKE_IDS.items():
        setattr(ds, k, v)
    ds.Modality = attrs.pop("Modality", "DX")
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = ROOT + "100"
    ds.SeriesInstanceUID = ROOT + "200"
    frames = arr.shape[0] if arr.ndim == 4 or (arr.ndim == 3 and photometric != "RGB") else 1
    rgb = photometric == "RGB"
    ds.Rows, ds.Columns = (arr.shape[-3], arr.shape[-2]) if rgb else (arr.shape[-2], arr.shape[-1])
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.SamplesPerPixel = 3 if rgb else 1
    if rgb:
        ds.PlanarConfiguration = attrs.pop("PlanarConfiguration", 0)
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = arr.dtype.itemsize * 8
    ds.BitsStored = bits_stored or ds.BitsAllocated
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 1 if signed else 0
    for k, v in attrs.items():
        setattr(ds, k, v)
    ds.is_little_endian = ts != ExplicitVRBigEndian
    ds.is_implicit_VR = ts == ImplicitVRLittleEndian
    data = arr
    if rgb and ds.PlanarConfiguration == 1:
        data = np.ascontiguousarray(np.moveaxis(arr, -1, 0))
    data = data.astype(data.dtype.newbyteorder("<" if ds.is_little_endian else ">"))
    ds.PixelData = data.tobytes()
    return ds


def save(ds, name):
    path = os.path.join(OUT, name)
    ds.save_as(path, write_like_original=False)
    return path


def window01(ds, window):
    """Frame 1 in [0, 1] under `window`, by pydicom/numpy (independent of the Java code)."""
    arr = ds.pixel_array
    if int(getattr(ds, "NumberOfFrames", 1)) > 1:
        arr = arr[0]
    if ds.SamplesPerPixel == 3:
        out = arr.astype(np.float64) / (2 ** ds.BitsStored - 1)
        return np.moveaxis(out, -1, 0)  # CHW
    m = apply_modality_lut(arr, ds).astype(np.float64)
    bs = ds.BitsStored
    lo, hi = (-(2 ** (bs - 1)), 2 ** (bs - 1) - 1) if ds.PixelRepresentation == 1 else (0, 2 ** bs - 1)
    slope = float(getattr(ds, "RescaleSlope", 1))
    icpt = float(getattr(ds, "RescaleIntercept", 0))

    def linear(a, b):
        a, b = min(a, b), max(a, b)
        return np.clip((m - a) / (b - a), 0, 1) if b > a else np.zeros_like(m)

    if window == "none":
        y = linear(lo * slope + icpt, hi * slope + icpt)
    elif window == "dicom":
        if "WindowCenter" in ds:
            ymin, ymax = lo * slope + icpt, hi * slope + icpt
            # ImageJ keeps the last of several Window Center/Width pairs (docs/dicom.md); so does the reference.
            last = len(ds.WindowCenter) - 1 if ds["WindowCenter"].VM > 1 else 0
            y = (apply_voi_lut(m, ds, index=last).astype(np.float64) - ymin) / (ymax - ymin)
        else:
            y = linear(m.min(), m.max())
    elif window.startswith("percentile:"):
        p_lo, p_hi = (float(v) for v in window.split(":")[1].split(","))
        s = np.sort(m.ravel())
        rank = lambda p: s[max(1, int(np.ceil(p / 100 * s.size))) - 1]
        y = linear(rank(p_lo), rank(p_hi))
    elif window.startswith("fixed:"):
        c, w = (float(v) for v in window.split(":")[1].split(","))
        y = np.clip((m - (c - 0.5)) / (w - 1) + 0.5, 0, 1)
        y[m <= c - 0.5 - (w - 1) / 2] = 0
    else:
        raise ValueError(window)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        y = 1 - y
    return y[None]


def run(*cmd):
    subprocess.run(cmd, check=True, capture_output=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(REF, exist_ok=True)
    rng = np.random.default_rng(13)
    y, x = np.mgrid[0:40, 0:56]
    ramp12 = ((x * 61 + y * 37) % 4096).astype(np.uint16)
    ramp12[5:9, 5:9] = 4095  # a bright "marker", for percentile windows
    noise16 = (rng.integers(0, 65536, size=(40, 56))).astype(np.uint16)
    ct = (((x - 28) ** 2 + (y - 20) ** 2) * 3 - 1024).clip(-1024, 2047).astype(np.int16)
    gray8 = ((x * 4 + y * 3) % 256).astype(np.uint8)
    rgb8 = np.stack([gray8, 255 - gray8, (gray8 * 3) % 256], -1).astype(np.uint8)
    frames = np.stack([ramp12, 4095 - ramp12, ramp12 // 2]).astype(np.uint16)

    entries, bad = [], []
    uncompressed = {}

    def add(name, ds, windows=("dicom",), tol=1e-5, ref_ds=None):
        save(ds, name)
        ref_ds = ref_ds or pydicom.dcmread(os.path.join(OUT, name))
        for w in windows:
            ref = window01(ref_ds, w).astype("<f4")
            ref_name = "%s.%s.f32" % (name, w.replace(":", "_").replace(",", "_"))
            ref.tofile(os.path.join(REF, ref_name))
            entries.append({"file": name, "window": w, "channels": ref.shape[0], "height": ref.shape[1],
                            "width": ref.shape[2], "reference": ref_name, "tolerance": tol})

    n = iter(range(1, 1000))
    c12 = dataset("", ramp12, ExplicitVRLittleEndian, bits_stored=12, n=next(n), WindowCenter="2048",
                  WindowWidth="3000", RescaleSlope="1", RescaleIntercept="0")
    add("explicit-le-mono2-12bit.dcm", c12, ("dicom", "none", "percentile:1,99", "fixed:1000,2000"))
    uncompressed["explicit-le-mono2-12bit.dcm"] = c12
    add("implicit-le-mono2-16bit.dcm", dataset("", noise16, ImplicitVRLittleEndian, n=next(n)), ("dicom", "none"))
    add("explicit-be-mono2-12bit.dcm", dataset("", ramp12, ExplicitVRBigEndian, bits_stored=12, n=next(n),
                                               WindowCenter="1500", WindowWidth="2000"))
    add("explicit-le-mono1-12bit.dcm", dataset("", ramp12, ExplicitVRLittleEndian, "MONOCHROME1", 12, n=next(n),
                                               WindowCenter="2048", WindowWidth="4096"), ("dicom", "none"))
    add("explicit-le-signed-ct.dcm", dataset("", ct, ExplicitVRLittleEndian, bits_stored=12, signed=True, n=next(n),
                                             Modality="CT", RescaleSlope="2", RescaleIntercept="-100",
                                             WindowCenter="40\\300", WindowWidth="400\\1500"),
        ("dicom", "none", "fixed:40,400"))
    add("explicit-le-sigmoid.dcm", dataset("", ramp12, ExplicitVRLittleEndian, bits_stored=12, n=next(n),
                                           WindowCenter="2000", WindowWidth="1000", VOILUTFunction="SIGMOID"))
    g8 = dataset("", gray8, ExplicitVRLittleEndian, n=next(n), Modality="CR")
    add("explicit-le-mono2-8bit.dcm", g8, ("dicom", "none"))
    add("explicit-le-rgb.dcm", dataset("", rgb8, ExplicitVRLittleEndian, "RGB", n=next(n), Modality="XC"))
    add("explicit-le-rgb-planar.dcm", dataset("", rgb8, ExplicitVRLittleEndian, "RGB", n=next(n), Modality="XC",
                                              PlanarConfiguration=1))
    add("explicit-le-multiframe.dcm", dataset("", frames, ExplicitVRLittleEndian, bits_stored=12, n=next(n)),
        ("dicom",))

    tmp = tempfile.mkdtemp()

    def same_pixels(path, source):
        raw = os.path.join(tmp, "raw.dcm")
        run("gdcmconv", "--raw", path, raw)
        assert np.array_equal(pydicom.dcmread(raw).pixel_array, source.pixel_array), path

    src = os.path.join(OUT, "explicit-le-mono2-12bit.dcm")
    for name, cmd in [
        ("jpeg-lossless-mono2-12bit.dcm", ["dcmcjpeg", "+e1", src]),
        ("jpeg2000-lossless-mono2-12bit.dcm", ["gdcmconv", "--j2k", src]),
        ("rle-mono2-12bit.dcm", ["gdcmconv", "--rle", src]),
    ]:
        path = os.path.join(OUT, name)
        run(*cmd, path)
        same_pixels(path, c12)
        add_ref = pydicom.dcmread(src)
        for w in ("dicom",):
            ref = window01(add_ref, w).astype("<f4")
            ref_name = "%s.%s.f32" % (name, w)
            ref.tofile(os.path.join(REF, ref_name))
            entries.append({"file": name, "window": w, "channels": 1, "height": 40, "width": 56,
                            "reference": ref_name, "tolerance": 1e-5})

    # JPEG baseline (lossy, 8-bit): the reference is dcmdjpeg's decoding; decoders may differ by a level.
    src8 = os.path.join(OUT, "explicit-le-mono2-8bit.dcm")
    jb = os.path.join(OUT, "jpeg-baseline-mono2-8bit.dcm")
    run("dcmcjpeg", "+eb", src8, jb)
    dec = os.path.join(tmp, "jb.dcm")
    run("dcmdjpeg", jb, dec)
    ref = window01(pydicom.dcmread(dec), "dicom").astype("<f4")
    ref.tofile(os.path.join(REF, "jpeg-baseline-mono2-8bit.dcm.dicom.f32"))
    entries.append({"file": "jpeg-baseline-mono2-8bit.dcm", "window": "dicom", "channels": 1, "height": 40,
                    "width": 56, "reference": "jpeg-baseline-mono2-8bit.dcm.dicom.f32",
                    "tolerance": 2.5 / 255})

    # Files that must be refused, with a word the reason must contain.
    run("dcmcjpls", src, os.path.join(OUT, "bad-jpeg-ls.dcm"))
    bad.append({"file": "bad-jpeg-ls.dcm", "reason": "JPEG-LS"})
    nopix = dataset("", gray8, ExplicitVRLittleEndian, n=next(n))
    del nopix.PixelData
    save(nopix, "bad-no-pixel-data.dcm")
    bad.append({"file": "bad-no-pixel-data.dcm", "reason": "without Pixel Data"})
    with open(src, "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "bad-truncated.dcm"), "wb") as f:
        f.write(whole[: len(whole) - 2000])
    bad.append({"file": "bad-truncated.dcm", "reason": "truncated"})
    dd = dataset("", gray8, ExplicitVRLittleEndian, n=next(n))
    dd.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.1.3.10"
    dd.SOPClassUID = "1.2.840.10008.1.3.10"
    del dd.PixelData
    save(dd, "DICOMDIR")
    bad.append({"file": "DICOMDIR", "reason": "DICOMDIR"})

    with open(os.path.join(REF, "fixtures.json"), "w") as f:
        json.dump({"fake_identifiers": sorted(set(v for k, v in FAKE_IDS.items())), "decode": entries, "refuse": bad},
                  f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
