package dev.autodidact.data;

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
 */
@JsonPropertyOrder({"path", "kind", "readable", "unreadable", "formats", "bit_depths", "channels", "width", "height", "labels", "ignored", "extension_mismatch"})
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
    @JsonProperty("extension_mismatch") List<String> extensionMismatch) {

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
