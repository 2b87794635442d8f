package dev.autodidact.data;

/**
 * What an image header says.
 *
 * @param format lower-case format name ({@code png}, {@code jpeg}, {@code tiff}, {@code bmp}, {@code
 *     pnm}, {@code idx}, ...)
 * @param width pixels
 * @param height pixels
 * @param bitDepth bits per sample of the first colour component (8, 16, ...)
 * @param channels colour channels in the file, alpha excluded (1 grey, 3 RGB, 4 CMYK)
 */
public record ImageInfo(String format, int width, int height, int bitDepth, int channels) {}
