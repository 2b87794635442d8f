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
import java.util.Locale;
import java.util.Optional;

/**
 * The evaluation input contract of a model, as data: everything needed to turn an image file into the
 * exact tensor the model saw during evaluation. It travels inside {@code encoder.json} and
 * {@code model.json} (object {@code "preprocessing"}), so an application never re-implements it.
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li><b>decode</b>: integer samples divided by {@code 2^bits − 1} of the declared bit depth
 *       ({@link Scaling#BIT_DEPTH}; 16-bit keeps its precision), or per-image percentile windowing
 *       ({@link Scaling#PERCENTILE_WINDOW}); floating-point samples are stretched min..max to 0..1;
 *       palettes and other colour spaces go through sRGB; alpha is dropped;
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
 * @param scaling how integer samples become [0, 1]
 * @param window the percentiles for {@link Scaling#PERCENTILE_WINDOW}; empty for bit-depth scaling
 * @param channels the model's input channels, 1 or 3
 * @param channelConversion what happens to images with another channel count
 * @param resize target length of the shorter side, before the crop
 * @param interpolation the resampling filter of the resize
 * @param crop side of the centre crop: the model's input height and width
 * @param mean per-channel mean subtracted after scaling ({@code channels} values)
 * @param std per-channel std divided by ({@code channels} positive values)
 */
public record Preprocessing(
    Scaling scaling,
    Optional<Window> window,
    int channels,
    ChannelConversion channelConversion,
    int resize,
    Interpolation interpolation,
    int crop,
    List<Double> mean,
    List<Double> std) {

  /** The {@code format} this version writes and the only one it reads. */
  public static final String FORMAT = "autodidact-preprocessing/1";

  /** How integer samples are scaled to [0, 1]. */
  public enum Scaling {
    /** Divide by the maximum of the declared bit depth (255 for 8-bit, 65535 for 16-bit). */
    BIT_DEPTH,
    /** Per image, map the {@link Window} percentiles to 0 and 1 and clamp. */
    PERCENTILE_WINDOW
  }

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

  /**
   * Percentile window.
   *
   * @param low lower percentile in [0, 100)
   * @param high upper percentile in (low, 100]
   */
  public record Window(double low, double high) {
    public Window {
      if (!(low >= 0 && low < high && high <= 100)) {
        throw new IllegalArgumentException("window needs 0 <= low < high <= 100 (percent), got " + low + ", " + high);
      }
    }
  }

  public Preprocessing {
    window = window == null ? Optional.empty() : window;
    require(scaling != null, "decode.scaling is required");
    require(channelConversion != null, "channel_conversion is required");
    require(interpolation != null, "resize.interpolation is required");
    require((scaling == Scaling.PERCENTILE_WINDOW) == window.isPresent(),
        "decode.window must be given exactly when decode.scaling is percentile_window");
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
    return new Preprocessing(scaling, window, channels, c, resize, interpolation, crop, mean, std);
  }

  /** The same contract with percentile windowing instead of bit-depth scaling. */
  public Preprocessing withWindow(Window w) {
    return new Preprocessing(Scaling.PERCENTILE_WINDOW, Optional.of(w), channels, channelConversion, resize,
        interpolation, crop, mean, std);
  }

  /** This contract as the JSON object stored under {@code "preprocessing"}. */
  public ObjectNode toJsonNode() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("format", FORMAT);
    ObjectNode decode = o.putObject("decode");
    decode.put("scaling", lower(scaling));
    window.ifPresent(w -> {
      ObjectNode wn = decode.putObject("window");
      wn.put("low_percent", w.low());
      wn.put("high_percent", w.high());
    });
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
      Scaling scaling = parse(Scaling.class, field(decode, "scaling").asText(), "decode.scaling");
      Optional<Window> window = Optional.empty();
      if (decode.has("window")) {
        JsonNode w = decode.get("window");
        window = Optional.of(new Window(number(w, "low_percent", "decode.window"), number(w, "high_percent", "decode.window")));
      }
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
      return new Preprocessing(scaling, window, channels, conv, resize, interp, crop, mean, std);
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
