/**
 * Writing files safely: {@link org.zoolab.io.AtomicFiles} writes a file so that a reader (or a crash) sees the
 * old content or the complete new one, never half of it. Training runs, sweeps, generative runs and plots all
 * write through it, so it sits at the bottom of the package layering beside {@code backend}: it imports nothing
 * of zoolab, and every other package may use it.
 */
package org.zoolab.io;
