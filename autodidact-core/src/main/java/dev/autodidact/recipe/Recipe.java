package dev.autodidact.recipe;

import dev.autodidact.UserInputException;
import dev.autodidact.data.augment.Presets;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autodidact.data.Window;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A pretraining recipe ({@code models/*.json}): input, encoder, method, optimizer, schedule,
 * augmentation and batch. The schema is documented in {@code models/README.md}; the PyTorch reference
 * reads the same files. Validated on construction, so a bad file fails with its path and the field.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Recipe(String name, String method, Input input, Encoder encoder, SimClr simclr, Mae mae,
    Classifier classifier, Optimizer optimizer, Schedule schedule, Augment augment, Train train,
    @JsonInclude(JsonInclude.Include.NON_NULL) Finetune finetune) {

  public Recipe {
    require(name != null && !name.isBlank(), "name is missing");
    require(METHODS.contains(method), "method must be one of " + String.join(", ", METHODS) + ", got " + quoted(method));
    require(input != null, "input is missing");
    require(encoder != null, "encoder is missing");
    require(optimizer != null, "optimizer is missing");
    require(finetune == null || method.equals("classifier"), "a finetune section needs method classifier");
    if (encoder.type().equals("vit")) {
      require(input.size() % encoder.patch() == 0, "input size " + input.size() + " not divisible by patch " + encoder.patch());
    }
    require(input.mean().size() == input.channels() && input.std().size() == input.channels(),
        "input.mean and input.std need one value per channel (" + input.channels() + "), got " + input.mean().size()
            + " and " + input.std().size());
    require(classifier == null || classifier.lastN() <= encoder.stages(), classifier == null ? ""
        : "classifier.mode " + classifier.mode() + ": the encoder has " + encoder.stages() + " " + encoder.stageUnit());
  }

  /** This recipe with another input section (window, normalization). */
  public Recipe withInput(Recipe.Input in) {
    return new Recipe(name, method, in, encoder, simclr, mae, classifier, optimizer, schedule, augment, train, finetune);
  }

  /**
   * The names of the recipe schema's {@code method} field, one per section; the {@code method} package's
   * registry ({@code Methods}) maps each to its implementation, which also checks that its section is
   * present and fits the rest of the recipe.
   */
  public static final List<String> METHODS = List.of("simclr", "mae", "classifier");

  static void require(boolean ok, String msg) {
    if (!ok) {
      throw new UserInputException(msg);
    }
  }

  /** Every element of {@code values} (field {@code field}) must be > 0; the message names the first that is not. */
  static void requirePositive(String field, List<? extends Number> values) {
    for (int i = 0; i < values.size(); i++) {
      Number v = values.get(i);
      require(v != null && v.doubleValue() > 0, field + "[" + i + "] must be > 0, got " + v);
    }
  }

  static String quoted(String s) {
    return s == null ? "nothing" : "\"" + s + "\"";
  }

  /**
   * Image input: channels, square size, per-channel normalization of the windowed [0, 1] values, and
   * the intensity window ({@code none|dicom|percentile:LO,HI|fixed:CENTER,WIDTH}; absent: {@code dicom},
   * see {@link Window}).
   */
  public record Input(int channels, int size, List<Double> mean, List<Double> std,
      @JsonInclude(JsonInclude.Include.NON_NULL) Window window) {
    public Input {
      require(channels == 1 || channels == 3, "input.channels must be 1 or 3, got " + channels);
      require(size > 0, "input.size must be > 0, got " + size);
      require(mean != null, "input.mean is missing");
      require(std != null, "input.std is missing");
      mean = List.copyOf(mean);
      std = List.copyOf(std);
      requirePositive("input.std", std);
    }

    /** An input without a window of its own ({@link Window#DEFAULT} applies). */
    public Input(int channels, int size, List<Double> mean, List<Double> std) {
      this(channels, size, mean, std, null);
    }

    /** The window decoding uses: the recipe's, or {@link Window#DEFAULT}. */
    public Window effectiveWindow() {
      return window == null ? Window.DEFAULT : window;
    }

    /** This input with another window. */
    public Input withWindow(Window w) {
      return new Input(channels, size, mean, std, w);
    }

    /** This input with other normalization statistics. */
    public Input withNormalization(List<Double> newMean, List<Double> newStd) {
      return new Input(channels, size, newMean, newStd, window);
    }
  }

  /** The encoder: a ResNet ({@code type = resnet}) or a ViT ({@code type = vit}); fields of the other are null. */
  public record Encoder(String type, String stem, String block, List<Integer> layers, List<Integer> widths,
      Double bnEps, Integer patch, Integer dim, Integer depth, Integer heads, Double mlpRatio, Double lnEps) {
    public Encoder {
      require("resnet".equals(type) || "vit".equals(type), "encoder.type must be resnet or vit, got " + quoted(type));
      if (type.equals("resnet")) {
        require("cifar".equals(stem) || "imagenet".equals(stem), "encoder.stem must be cifar or imagenet, got " + quoted(stem));
        require("basic".equals(block) || "bottleneck".equals(block),
            "encoder.block must be basic or bottleneck, got " + quoted(block));
        require(layers != null && widths != null && layers.size() == widths.size() && !layers.isEmpty(),
            "encoder.layers and encoder.widths must be non-empty and the same length");
        requirePositive("encoder.layers", layers);
        requirePositive("encoder.widths", widths);
        layers = List.copyOf(layers);
        widths = List.copyOf(widths);
        bnEps = bnEps == null ? 1e-5 : bnEps;
        require(bnEps > 0, "encoder.bn_eps must be > 0, got " + bnEps);
      } else {
        require(patch != null && dim != null && depth != null && heads != null,
            "a vit encoder needs encoder.patch, encoder.dim, encoder.depth and encoder.heads");
        require(patch > 0, "encoder.patch must be > 0, got " + patch);
        require(dim > 0, "encoder.dim must be > 0, got " + dim);
        require(depth > 0, "encoder.depth must be > 0, got " + depth);
        require(heads > 0, "encoder.heads must be > 0, got " + heads);
        require(dim % heads == 0, "encoder.dim " + dim + " not divisible by heads " + heads);
        mlpRatio = mlpRatio == null ? 4.0 : mlpRatio;
        lnEps = lnEps == null ? 1e-6 : lnEps;
      }
    }

    /** What {@code last:N} counts: the ResNet's stages or the ViT's blocks. */
    public int stages() {
      return type.equals("resnet") ? layers.size() : depth;
    }

    /** {@code stages} (ResNet) or {@code blocks} (ViT), for messages. */
    public String stageUnit() {
      return type.equals("resnet") ? "stages" : "blocks";
    }
  }

  /** SimCLR: projection head sizes after the encoder (the last is the output dim) and temperature τ. */
  public record SimClr(List<Integer> head, double temperature) {
    public SimClr {
      require(head != null && !head.isEmpty(), "simclr.head must list at least the output size");
      requirePositive("simclr.head", head);
      head = List.copyOf(head);
      require(temperature > 0 && Double.isFinite(temperature), "simclr.temperature must be > 0, got " + temperature);
    }
  }

  /** MAE: mask ratio (validated to [{@link #MIN_MASK_RATIO}, {@link #MAX_MASK_RATIO}]), normalized-pixel targets and the decoder. */
  public record Mae(double maskRatio, boolean normPixLoss, Decoder decoder) {
    /** The smallest mask ratio a recipe or {@code --mask-ratio} may ask for. */
    public static final double MIN_MASK_RATIO = 0.5;
    /** The largest mask ratio a recipe or {@code --mask-ratio} may ask for. */
    public static final double MAX_MASK_RATIO = 0.95;

    public Mae {
      require(maskRatio >= MIN_MASK_RATIO && maskRatio <= MAX_MASK_RATIO,
          "mae.mask_ratio must be in [" + MIN_MASK_RATIO + ", " + MAX_MASK_RATIO + "], got " + maskRatio);
      require(decoder != null, "mae.decoder is missing");
    }
  }

  /** The MAE decoder transformer. */
  public record Decoder(int dim, int depth, int heads, double mlpRatio) {
    public Decoder {
      require(dim > 0, "mae.decoder.dim must be > 0, got " + dim);
      require(depth >= 0, "mae.decoder.depth must be >= 0, got " + depth);
      require(heads > 0, "mae.decoder.heads must be > 0, got " + heads);
      require(dim % heads == 0, "mae.decoder.dim " + dim + " not divisible by mae.decoder.heads " + heads);
    }
  }

  /**
   * The supervised head used by probes and fine-tuning.
   *
   * @param numClasses K (for multi-label: the number of findings)
   * @param frozen legacy switch: true means {@code mode = linear} when {@code mode} is absent
   * @param mode {@code linear} (encoder frozen, BatchNorm on running statistics), {@code full}, or
   *     {@code last:N} (the last N ResNet stages / ViT blocks train); default from {@code frozen}
   * @param multiLabel one sigmoid per class with binary cross-entropy instead of softmax cross-entropy
   * @param classWeights per-class loss weights (null: all 1)
   */
  public record Classifier(int numClasses, boolean frozen, String mode, Boolean multiLabel,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> classWeights) {
    public Classifier {
      require(numClasses >= 1, "classifier.num_classes must be >= 1");
      mode = mode == null ? (frozen ? "linear" : "full") : mode;
      require(mode.equals("linear") || mode.equals("full") || mode.matches("last:[1-9]\\d{0,5}"),
          "classifier.mode must be linear, full or last:N (N >= 1), got " + mode);
      frozen = mode.equals("linear");
      multiLabel = multiLabel != null && multiLabel;
      require(multiLabel || numClasses >= 2, "classifier.num_classes must be >= 2 for single-label classification");
      if (classWeights != null) {
        classWeights = List.copyOf(classWeights);
        require(classWeights.size() == numClasses && classWeights.stream().allMatch(w -> w > 0 && Double.isFinite(w)),
            "classifier.class_weights needs one finite weight > 0 per class (" + numClasses + ")");
      }
    }

    /** A head of {@code numClasses} classes in {@code mode}, single-label, unweighted. */
    public Classifier(int numClasses, boolean frozen) {
      this(numClasses, frozen, null, false, null);
    }

    /** The number of trailing stages/blocks {@code last:N} trains, or -1 for linear and full. */
    public int lastN() {
      return mode.startsWith("last:") ? Integer.parseInt(mode.substring(5)) : -1;
    }
  }

  /**
   * Fine-tuning learning rates: the head trains at the scheduled LR, the encoder at
   * {@code encoder_lr_scale} times it, and for ViTs each block further scaled by layer-wise decay
   * (block i of d at {@code layer_decay^(d − i)}, the patch embedding at {@code layer_decay^(d + 1)}),
   * as in MAE's fine-tuning.
   */
  public record Finetune(Double encoderLrScale, Double layerDecay) {
    public Finetune {
      encoderLrScale = encoderLrScale == null ? 1.0 : encoderLrScale;
      layerDecay = layerDecay == null ? 0.75 : layerDecay;
      require(encoderLrScale > 0 && Double.isFinite(encoderLrScale), "finetune.encoder_lr_scale must be > 0");
      require(layerDecay > 0 && layerDecay <= 1, "finetune.layer_decay must be in (0, 1]");
    }

    /** Defaults: encoder at the head's LR, ViT layer decay 0.75. */
    public static final Finetune DEFAULT = new Finetune(null, null);
  }

  /** Optimizer hyper-parameters; fields that don't apply to the type are null. */
  public record Optimizer(String type, double baseLr, String lrScaling, Double momentum, List<Double> betas,
      Double eps, double weightDecay, Double trustCoefficient, Double clipGradNorm) {
    public Optimizer {
      require(List.of("sgd", "adamw", "lars").contains(type), "optimizer.type must be sgd, adamw or lars, got " + quoted(type));
      require(baseLr > 0, "optimizer.base_lr must be > 0, got " + baseLr);
      lrScaling = lrScaling == null ? "none" : lrScaling;
      require(lrScaling.equals("none") || lrScaling.equals("linear256"),
          "optimizer.lr_scaling must be none or linear256, got " + quoted(lrScaling));
      require(weightDecay >= 0, "optimizer.weight_decay must be >= 0, got " + weightDecay);
      require(momentum == null || (momentum >= 0 && momentum < 1), "optimizer.momentum must be in [0, 1), got " + momentum);
      if (!type.equals("adamw")) {
        momentum = momentum == null ? 0.9 : momentum;
      } else {
        betas = betas == null ? List.of(0.9, 0.999) : List.copyOf(betas);
        require(betas.size() == 2, "optimizer.betas needs two values");
        for (int i = 0; i < 2; i++) {
          Double b = betas.get(i);
          require(b != null && b >= 0 && b < 1, "optimizer.betas[" + i + "] must be in [0, 1), got " + b);
        }
        eps = eps == null ? 1e-8 : eps;
      }
      if (type.equals("lars")) {
        trustCoefficient = trustCoefficient == null ? 0.001 : trustCoefficient;
      }
      require(clipGradNorm == null || clipGradNorm > 0, "optimizer.clip_grad_norm must be > 0 or null, got " + clipGradNorm);
    }

    /** The peak learning rate for {@code batch} images per step. */
    public double peakLr(int batch) {
      return lrScaling.equals("linear256") ? baseLr * batch / 256.0 : baseLr;
    }
  }

  /** Warmup then half-cosine to {@code min_lr}, in epochs. */
  public record Schedule(int warmupEpochs, int epochs, double minLr) {
    public Schedule {
      require(epochs > 0, "schedule.epochs must be > 0, got " + epochs);
      require(warmupEpochs >= 0, "schedule.warmup_epochs must be >= 0, got " + warmupEpochs);
      require(minLr >= 0 && Double.isFinite(minLr), "schedule.min_lr must be >= 0, got " + minLr);
      require(warmupEpochs <= epochs,
          "schedule.warmup_epochs must be <= schedule.epochs (" + epochs + "), got " + warmupEpochs);
    }
  }

  /** Fine-tuning LR settings, or the defaults. */
  public Finetune finetuneOrDefault() {
    return finetune == null ? Finetune.DEFAULT : finetune;
  }

  /** A copy with another classifier section. */
  public Recipe withClassifier(Classifier c) {
    return new Recipe(name, method, input, encoder, simclr, mae, c, optimizer, schedule, augment, train, finetune);
  }

  /**
   * Augmentation preset name (one of {@link Presets#NAMES}) and strength (0: the preset's default for the size), at
   * most {@link #MAX_STRENGTH}.
   */
  public record Augment(String preset, double strength) {
    /**
     * The largest colour-jitter strength: at s = 2.5 the hue shift (0.2·s) reaches its limit of 0.5, so a larger
     * value would no longer scale the jitter as documented (SimCLR uses 1.0 on ImageNet, 0.5 on 32-pixel data).
     */
    public static final double MAX_STRENGTH = 2.5;

    public Augment {
      require(Presets.NAMES.contains(preset),
          "augment.preset must be one of " + String.join(", ", Presets.NAMES) + ", got " + quoted(preset));
      require(strength >= 0 && strength <= MAX_STRENGTH,
          "augment.strength must be in [0, " + MAX_STRENGTH + "], got " + strength);
    }
  }

  /** Default batch size (images per step). */
  public record Train(int batch) {
    public Train {
      require(batch > 0, "train.batch must be > 0, got " + batch);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /**
   * Reads and validates a recipe file. Every problem is a {@link UserInputException} naming the file, the
   * JSON field path and the bad value ({@code encoder.widths[0] must be > 0, got -32}), the nearest known
   * name of an unknown field, or the line and column of malformed JSON.
   */
  public static Recipe load(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UserInputException("recipe " + path + ": cannot read it (" + e.getMessage() + ")", e);
    }
    try {
      return RecipeErrors.read(MAPPER, MAPPER.readTree(bytes));
    } catch (IOException | UserInputException e) {
      throw new UserInputException("recipe " + path + ": " + RecipeErrors.describe(e), e);
    }
  }

  /** Parses a recipe from JSON text; errors as for {@link #load}. */
  public static Recipe parse(String json) {
    try {
      return RecipeErrors.read(MAPPER, MAPPER.readTree(json));
    } catch (IOException | UserInputException e) {
      throw new UserInputException("recipe: " + RecipeErrors.describe(e), e);
    }
  }

  /** The recipe as JSON (snake_case, same schema). */
  public String toJson() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
