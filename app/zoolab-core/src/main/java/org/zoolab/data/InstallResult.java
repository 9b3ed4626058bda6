package org.zoolab.data;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link DatasetInstaller#fetch} did.
 *
 * @param alreadyInstalled true when nothing was done because the data set was there
 * @param bytes            size of the installed data files
 * @param files            number of installed data files
 */
public record InstallResult(String name, Path location, boolean alreadyInstalled, long bytes, int files, Duration took) {
}
