package dev.autodidact.data;

/**
 * Something found while listing a dataset that is not a usable sample (a symlink loop, an unreadable
 * folder): reported beside the unreadable images, never fatal on its own.
 *
 * @param path the file or folder
 * @param reason a few words
 */
public record ScanProblem(String path, String reason) {}
