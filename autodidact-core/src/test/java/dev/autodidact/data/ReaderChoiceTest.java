package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** jai-imageio (there for JPEG 2000 in DICOM) registers readers too; ours stay first. */
class ReaderChoiceTest {
  @ParameterizedTest
  @ValueSource(strings = {"bmp", "tiff", "pnm", "jpeg"})
  void twelveMonkeysIsPreferred(String format) {
    ImageReader r = ImageDecoder.preferred(ImageIO.getImageReadersByFormatName(format));
    assertTrue(r.getClass().getName().startsWith("com.twelvemonkeys."), format + ": " + r.getClass().getName());
    r.dispose();
    new ImageDecoder(DecodeOptions.of(1)); // its class initialisation orders the registry
    ImageReader first = ImageIO.getImageReadersByFormatName(format).next();
    assertTrue(!first.getClass().getName().startsWith("com.github.jaiimageio."), format + ": ImageIO.read would use " + first.getClass().getName());
    first.dispose();
  }
}
