package dev.autodidact.data.augment;

import dev.autodidact.UserInputException;
import java.util.List;
import java.util.Locale;

/**
 * The named pipelines: {@code simclr}, {@code simclr-gray}, {@code xray}, {@code mae} and {@code eval}. All leave
 * values in [0, 1] (identity {@link Normalize}); recipes set their own statistics with {@link
 * Pipeline#withNormalize}.
 */
public final class Presets {
  /** SimCLR's two-view colour preset. */
  public static final String SIMCLR = "simclr";
  /** MAE's crop-and-flip preset. */
  public static final String MAE = "mae";
  /** Name of the supervised fine-tuning preset. */
  public static final String FINETUNE = "finetune";
  /** Names accepted by {@link #byName}. */
  public static final List<String> NAMES = List.of(SIMCLR, "simclr-gray", "xray", MAE, FINETUNE, "eval");

  private Presets() {}

  /**
   * SimCLR (Chen et al. 2020, appendix A): random resized crop 0.08–1, horizontal flip, colour jitter
   * (0.8 s, 0.8 s, 0.8 s, 0.2 s) with p 0.8, grayscale p 0.2, Gaussian blur (kernel 10 % of the side)
   * with p 0.5.
   *
   * @param strength colour strength s: 1.0 for ImageNet, 0.5 for 32-pixel data ({@link
   *     #defaultStrength})
   */
  public static Pipeline simclr(int size, int channels, double strength) {
    return new Pipeline(
        SIMCLR,
        size,
        channels,
        List.of(RandomResizedCrop.of(size)),
        List.of(
            HorizontalFlip.of(),
            ColorJitter.simclr(strength),
            new RandomGrayscale(RandomGrayscale.SIMCLR_P),
            GaussianBlur.forSize(size, GaussianBlur.SIMCLR_P)),
        Normalize.identity(channels));
  }

  /**
   * SimCLR adapted to X-ray-like grayscale: crop 0.2–1 (lesions are small, so less aggressive), flip,
   * rotation up to 10°, brightness and contrast only (0.8 s, p 0.8; hue and saturation mean nothing in
   * grey), blur p 0.5.
   */
  public static Pipeline simclrGray(int size, int channels, double strength) {
    return new Pipeline(
        "simclr-gray",
        size,
        channels,
        List.of(RandomResizedCrop.of(size, 0.2, 1.0)),
        List.of(
            HorizontalFlip.of(),
            new RandomRotation(RandomRotation.XRAY_DEGREES, 1.0),
            new ColorJitter(0.8 * strength, 0.8 * strength, 0, 0, ColorJitter.SIMCLR_P),
            GaussianBlur.forSize(size, GaussianBlur.SIMCLR_P)),
        Normalize.identity(channels));
  }

  /**
   * Radiographs, after MoCo-CXR (Sowrirajan et al., "MoCo-CXR: MoCo Pretraining Improves Representation
   * and Transferability of Chest X-ray Models", MIDL 2021, §3.2): random rotation up to 10° and
   * horizontal flip, and no colour jitter or blur, which on grey X-rays change the intensities that carry
   * the findings. MoCo-CXR keeps the whole image; two contrastive views need some spatial difference, so
   * a mild random resized crop (scale 0.4–1, aspect 3/4–4/3, bilinear) is added, less aggressive than
   * SimCLR's 0.08 so that small lesions usually stay in view.
   */
  public static Pipeline xray(int size, int channels) {
    return new Pipeline(
        "xray",
        size,
        channels,
        List.of(RandomResizedCrop.of(size, XRAY_MIN_SCALE, 1.0)),
        List.of(HorizontalFlip.of(), new RandomRotation(RandomRotation.XRAY_DEGREES, 1.0)),
        Normalize.identity(channels));
  }

  /** Smallest crop area of {@link #xray}, as a share of the image. */
  public static final double XRAY_MIN_SCALE = 0.4;

  /** MAE (He et al. 2022): random resized crop 0.2–1 (bicubic), horizontal flip. */
  public static Pipeline mae(int size, int channels) {
    return new Pipeline(
        MAE,
        size,
        channels,
        List.of(RandomResizedCrop.of(size, 0.2, 1.0).withInterpolation(Interpolation.BICUBIC)),
        List.of(HorizontalFlip.of()),
        Normalize.identity(channels));
  }

  /** Smallest crop area of {@link #finetune}: milder than SimCLR's 0.08 so the object stays in view. */
  public static final double FINETUNE_MIN_SCALE = 0.35;
  /** Largest rotation of {@link #finetune}, degrees. */
  public static final double FINETUNE_DEGREES = 10.0;

  /**
   * Supervised fine-tuning: random resized crop 0.35–1, horizontal flip, rotation up to 10° with p 0.5.
   * No colour operations, so it is the same for grey and colour images (grayscale-safe).
   */
  public static Pipeline finetune(int size, int channels) {
    return new Pipeline(
        "finetune",
        size,
        channels,
        List.of(RandomResizedCrop.of(size, FINETUNE_MIN_SCALE, 1.0)),
        List.of(HorizontalFlip.of(), new RandomRotation(FINETUNE_DEGREES, 0.5)),
        Normalize.identity(channels));
  }

  /**
   * Evaluation: resize the short side, centre crop. At 64 px and above the resize is size / 0.875
   * (256 → 224, the ImageNet convention); below, the image is resized straight to the size.
   */
  public static Pipeline eval(int size, int channels) {
    int resize = size >= 64 ? (int) Math.round(size / 0.875) : size;
    return new Pipeline(
        "eval", size, channels, List.of(Resize.of(resize), new CenterCrop(size)), List.of(), Normalize.identity(channels));
  }

  /** 0.5 for views of 64 px and below (CIFAR-style data), else 1.0. */
  public static double defaultStrength(int size) {
    return size <= 64 ? 0.5 : 1.0;
  }

  /** A preset by name; {@code strength} is ignored where it does not apply. */
  public static Pipeline byName(String name, int size, int channels, double strength) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case SIMCLR:
        return simclr(size, channels, strength);
      case "simclr-gray":
        return simclrGray(size, channels, strength);
      case "xray":
        return xray(size, channels);
      case MAE:
        return mae(size, channels);
      case FINETUNE:
        return finetune(size, channels);
      case "eval":
        return eval(size, channels);
      default:
        throw new UserInputException("unknown augmentation preset `" + name + "`; known: " + String.join(", ", NAMES));
    }
  }
}
