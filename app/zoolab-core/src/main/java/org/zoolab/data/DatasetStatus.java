package org.zoolab.data;

import java.nio.file.Path;

/**
 * One line of {@code zoolab data list}: a known data set, whether it is installed, where, and how big.
 *
 * @param bytes  total size of the installed files; -1 when not installed
 * @param files  number of installed data files; -1 when not installed
 * @param hint   when not installed: how to install it
 */
public record DatasetStatus(String name, String description, boolean installed, Path location, long bytes, int files,
                            String hint) {
}
