package dev.autodidact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import dev.autodidact.data.Window;
import java.util.Locale;

/**
 * The evaluation input contract of a model, as data: everything needed to turn an image file into the
 * exact tensor the model saw during evaluation. It travels inside {@code encoder.json} and
 * {@code model.json} (object {@code "preprocessing"}), so an application never re-implements it.
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li><b>decode</b> with the intensity {@link #window()}: {@code none} divides integer samples by
 *       {@code 2^bits − 1} of the declared bit depth (16-bit keeps its precision); {@code dicom} uses a
 *       DICOM file's own window (VOI LUT, else Window Center/Width, else min..max) and is {@code none}
 *       for other formats; {@code percentile:LO,HI} maps the image's LO-th and HI-th percentiles to 0
 *       and 1; {@code fixed:CENTER,WIDTH} is the DICOM linear window on raw (rescaled) values;
 *       floating-point samples are stretched min..max to 0..1; palettes and other colour spaces go
 *       through sRGB; alpha is dropped;
 *   <li><b>channels</b>: grey → RGB by replication, RGB → grey with the ITU-R 601 luma weights
 *       ({@link ChannelConversion#CONVERT}), or images with another channel count refused
 *       ({@link ChannelConversion#STRICT});
 *   <li><b>resize</b> the shorter side to {@link #resize()} pixels (long side truncated as torchvision
 *       does), antialiased PIL-style {@link Interpolation} filter;
 *   <li><b>centre crop</b> {@link #crop()} × {@link #crop()} (resize and crop are one resampling pass);
 *   <li><b>normalize</b> per channel {@code (x − mean) / std};
 *   <li><b>layout</b> float32 {@code [N, C, H, W]}.
 * </ol>
 *
 * <pre>{@code
 * Preprocessing p = encoder.preprocessing();
 * System.out.println(p.crop() + " px, " + p.channels() + " channels, mean " + p.mean());
 * Preprocessing same = Preprocessing.fromJson(p.toJson());   // round trip, format checked
 * }</pre>
 *
 * @param window the intensity window, {@code none|dicom|percentile:LO,HI|fixed:CENTER,WIDTH}
 * @param channels the model's input channels, 1 or 3
 * @param channelConversion what happens to images with another channel count
 * @param resize target length of the shorter side, before the crop
 * @param interpolation the resampling filter of the resize
 * @param crop side of the centre crop: the model's input height and width
 * @param mean per-channel mean subtracted after scaling ({@code channels} values)
 * @param std per-channel std divided by ({@code channels} positive values)
 */
public record Preprocessing(
    String window,
    int channels,
    ChannelConversion channelConversion,
    int resize,
    Interpolation interpolation,
    int crop,
    List<Double> mean,
    List<Double> std) {

  /** The {@code format} this version writes and the only one it reads. */
  public static final String FORMAT = "autodidact-preprocessing/1";

  /** The syntax of {@link #window()}. */
  public static final String WINDOW_SYNTAX = "none|dicom|percentile:LO,HI|fixed:CENTER,WIDTH";

  /** What happens to an image whose channel count differs from the model's. */
  public enum ChannelConversion {
    /** Grey → RGB by replication, RGB → grey by ITU-R 601 luma (what training did). */
    CONVERT,
    /** Refuse it with an {@link IllegalArgumentException}. */
    STRICT
  }

  /** Resampling filter (PIL / torchvision names), always antialiased when shrinking. */
  public enum Interpolation {
    BILINEAR,
    BICUBIC
  }

  public Preprocessing {
    window = checkWindow(window);
    require(channelConversion != null, "channel_conversion is required");
    require(interpolation != null, "resize.interpolation is required");
    require(channels == 1 || channels == 3, "channels must be 1 or 3, got " + channels);
    require(resize > 0, "resize.shorter_side must be positive, got " + resize);
    require(crop > 0, "crop.size must be positive, got " + crop);
    require(crop <= resize, "crop.size " + crop + " is larger than resize.shorter_side " + resize);
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    require(mean.size() == channels && std.size() == channels,
        "normalize.mean and normalize.std need " + channels + " values each, got " + mean + " and " + std);
    for (int c = 0; c < channels; c++) {
      require(Double.isFinite(mean.get(c)), "normalize.mean must be finite, got " + mean);
      require(std.get(c) > 0 && Double.isFinite(std.get(c)), "normalize.std must be positive, got " + std);
    }
  }

  /** The input shape for {@code batch} images: {@code [batch, channels, crop, crop]}. */
  public long[] inputShape(int batch) {
    return new long[] {batch, channels, crop, crop};
  }

  /** The same contract with another channel policy. */
  public Preprocessing withChannelConversion(ChannelConversion c) {
    return new Preprocessing(window, channels, c, resize, interpolation, crop, mean, std);
  }

  /** The same contract with another intensity window ({@code none|dicom|percentile:LO,HI|fixed:CENTER,WIDTH}). */
  public Preprocessing withWindow(String w) {
    return new Preprocessing(w, channels, channelConversion, resize, interpolation, crop, mean, std);
  }

  /**
   * Checks the window syntax and returns its canonical spelling.
   *
   * @throws IllegalArgumentException naming the expected syntax
   */
  static String checkWindow(String spec) {
    try {
      return Window.parse(spec).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** This contract as the JSON object stored under {@code "preprocessing"}. */
  public ObjectNode toJsonNode() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("format", FORMAT);
    ObjectNode decode = o.putObject("decode");
    decode.put("window", window);
    decode.put("float_samples", "min_max");
    o.put("channels", channels);
    o.put("channel_conversion", lower(channelConversion));
    ObjectNode rs = o.putObject("resize");
    rs.put("shorter_side", resize);
    rs.put("interpolation", lower(interpolation));
    rs.put("antialias", true);
    ObjectNode cr = o.putObject("crop");
    cr.put("type", "center");
    cr.put("size", crop);
    ObjectNode n = o.putObject("normalize");
    ArrayNode m = n.putArray("mean");
    mean.forEach(m::add);
    ArrayNode s = n.putArray("std");
    std.forEach(s::add);
    o.put("layout", "NCHW");
    o.put("dtype", "float32");
    return o;
  }

  /** Pretty JSON text of {@link #toJsonNode()}. */
  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses JSON text written by {@link #toJson()}.
   *
   * @throws UserInputException when it is not JSON, has another {@code format} or a bad field
   */
  public static Preprocessing fromJson(String json) {
    try {
      return fromJsonNode(new ObjectMapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new UserInputException("preprocessing: not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  /**
   * Reads the {@code "preprocessing"} object.
   *
   * @throws UserInputException naming the field when the format is unknown or a field is missing/bad
   */
  public static Preprocessing fromJsonNode(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new UserInputException("preprocessing: expected a JSON object");
    }
    String format = o.path("format").asText("");
    if (!FORMAT.equals(format)) {
      throw new UserInputException("preprocessing.format is '" + format + "', this version of Autodidact reads only '"
          + FORMAT + "' (written by a newer or older version? re-export the model with this version)");
    }
    try {
      JsonNode decode = field(o, "decode");
      String window = field(decode, "window").asText();
      if (decode.has("float_samples") && !decode.get("float_samples").asText().equals("min_max")) {
        throw new UserInputException("preprocessing.decode.float_samples: only min_max is supported, got "
            + decode.get("float_samples"));
      }
      int channels = (int) number(o, "channels", "");
      ChannelConversion conv = parse(ChannelConversion.class, field(o, "channel_conversion").asText(), "channel_conversion");
      JsonNode rs = field(o, "resize");
      int resize = (int) number(rs, "shorter_side", "resize");
      Interpolation interp = parse(Interpolation.class, field(rs, "interpolation").asText(), "resize.interpolation");
      if (rs.has("antialias") && !rs.get("antialias").asBoolean()) {
        throw new UserInputException("preprocessing.resize.antialias: only true is supported");
      }
      JsonNode cr = field(o, "crop");
      if (cr.has("type") && !cr.get("type").asText().equals("center")) {
        throw new UserInputException("preprocessing.crop.type: only center is supported, got " + cr.get("type"));
      }
      int crop = (int) number(cr, "size", "crop");
      JsonNode n = field(o, "normalize");
      List<Double> mean = doubles(field(n, "mean"), "normalize.mean");
      List<Double> std = doubles(field(n, "std"), "normalize.std");
      if (o.has("layout") && !o.get("layout").asText().equals("NCHW")) {
        throw new UserInputException("preprocessing.layout: only NCHW is supported, got " + o.get("layout"));
      }
      if (o.has("dtype") && !o.get("dtype").asText().equals("float32")) {
        throw new UserInputException("preprocessing.dtype: only float32 is supported, got " + o.get("dtype"));
      }
      return new Preprocessing(window, channels, conv, resize, interp, crop, mean, std);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("preprocessing: " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw new UserInputException("preprocessing: missing field '" + name + "'");
    }
    return v;
  }

  private static double number(JsonNode o, String name, String where) {
    JsonNode v = o.get(name);
    String path = where.isEmpty() ? name : where + "." + name;
    if (v == null || !v.isNumber()) {
      throw new UserInputException("preprocessing." + path + ": expected a number, got " + v);
    }
    return v.asDouble();
  }

  private static List<Double> doubles(JsonNode a, String where) {
    if (!a.isArray()) {
      throw new UserInputException("preprocessing." + where + ": expected an array of numbers, got " + a);
    }
    List<Double> out = new ArrayList<>();
    for (JsonNode v : a) {
      if (!v.isNumber()) {
        throw new UserInputException("preprocessing." + where + ": expected numbers, got " + a);
      }
      out.add(v.asDouble());
    }
    return out;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String v, String where) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> known = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        known.add(lower(c));
      }
      throw new UserInputException("preprocessing." + where + ": unknown value '" + v + "', expected one of " + known);
    }
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
