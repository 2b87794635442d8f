package dev.autodidact.data;

/**
 * What an image header says.
 *
 * @param format lower-case format name ({@code png}, {@code jpeg}, {@code tiff}, {@code bmp}, {@code
 *     pnm}, {@code idx}, {@code dicom}, ...)
 * @param width pixels
 * @param height pixels
 * @param bitDepth bits per sample of the first colour component (8, 16, ...; DICOM: Bits Stored)
 * @param channels colour channels in the file, alpha excluded (1 grey, 3 RGB, 4 CMYK)
 * @param dicom the DICOM specifics, null for other formats
 */
public record ImageInfo(String format, int width, int height, int bitDepth, int channels, Dicom dicom) {
  /** A non-DICOM image. */
  public ImageInfo(String format, int width, int height, int bitDepth, int channels) {
    this(format, width, height, bitDepth, channels, null);
  }

  /**
   * What {@code inspect-data} reports of a DICOM file; nothing here identifies a patient.
   *
   * @param transferSyntax short name ({@code explicit VR little endian}, {@code JPEG lossless}, ...)
   * @param modality CR, DX, CT, ...; {@code ?} when absent
   * @param photometric MONOCHROME1, MONOCHROME2, RGB, ...
   * @param bitsStored significant bits per sample
   * @param signed Pixel Representation 1
   * @param frames Number of Frames (only the first is used)
   */
  public record Dicom(String transferSyntax, String modality, String photometric, int bitsStored, boolean signed,
      int frames) {}
}
