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
    ImageIO.scanForPlugins();
    ImageReader r = ImageDecoder.preferred(ImageIO.getImageReadersByFormatName(format));
    assertTrue(r.getClass().getName().startsWith("com.twelvemonkeys."), format + ": " + r.getClass().getName());
    r.dispose();
  }
}
