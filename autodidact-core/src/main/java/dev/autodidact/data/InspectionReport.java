package dev.autodidact.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code autodidact inspect-data} found: serialised as-is to JSON.
 *
 * @param path what was inspected
 * @param kind folder, idx-folder, csv or idx-file
 * @param readable images that decode
 * @param unreadable every file that does not, with its reason
 * @param formats readable images by format
 * @param bitDepths readable images by bits per sample
 * @param channels readable images by colour channels in the file
 * @param width smallest and largest width
 * @param height smallest and largest height
 * @param labels readable images by label (empty without labels)
 * @param ignored hidden and side files skipped on purpose (folders only)
 * @param extensionMismatch readable files whose extension names another format
 * @param split the rows inspected ({@link Split})
 * @param labelled inspected rows (files) with a label
 * @param unlabelled inspected rows (files) without one (a blank label, or no class folder)
 * @param splits CSV: rows by their {@code split} value over the whole manifest ({@code (blank)} for none)
 * @param dicom readable DICOM files by transfer syntax, modality, photometric interpretation and bits
 *     stored; null when there are none
 * @param stats per-channel mean/std after decoding and windowing, when asked for
 */
@JsonPropertyOrder({"path", "kind", "split", "readable", "unreadable", "formats", "bit_depths", "channels", "width", "height", "labels",
    "labelled", "unlabelled", "splits", "ignored", "extension_mismatch", "dicom", "stats"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InspectionReport(
    String path,
    String kind,
    int readable,
    List<Problem> unreadable,
    Map<String, Integer> formats,
    @JsonProperty("bit_depths") Map<String, Integer> bitDepths,
    Map<String, Integer> channels,
    Range width,
    Range height,
    Map<String, Integer> labels,
    int ignored,
    @JsonProperty("extension_mismatch") List<String> extensionMismatch,
    String split,
    int labelled,
    int unlabelled,
    Map<String, Integer> splits,
    DicomCounts dicom,
    DatasetStats stats) {

  /** This report with statistics. */
  public InspectionReport withStats(DatasetStats s) {
    return new InspectionReport(path, kind, readable, unreadable, formats, bitDepths, channels, width, height, labels,
        ignored, extensionMismatch, split, labelled, unlabelled, splits, dicom, s);
  }

  /**
   * Readable DICOM files by header field; nothing here identifies a patient.
   *
   * @param transferSyntaxes by transfer syntax name
   * @param modalities by Modality (CR, DX, CT, ...; {@code ?} when absent)
   * @param photometric by Photometric Interpretation
   * @param bitsStored by Bits Stored
   * @param multiFrame files with more than one frame (only the first is used)
   */
  @JsonPropertyOrder({"transfer_syntaxes", "modalities", "photometric", "bits_stored", "multi_frame"})
  public record DicomCounts(
      @JsonProperty("transfer_syntaxes") Map<String, Integer> transferSyntaxes,
      Map<String, Integer> modalities,
      Map<String, Integer> photometric,
      @JsonProperty("bits_stored") Map<String, Integer> bitsStored,
      @JsonProperty("multi_frame") int multiFrame) {}

  /**
   * One unreadable file.
   *
   * @param path the file
   * @param reason why
   */
  public record Problem(String path, String reason) {}

  /**
   * Smallest and largest value; both 0 when nothing was readable.
   *
   * @param min smallest
   * @param max largest
   */
  public record Range(int min, int max) {}
}
