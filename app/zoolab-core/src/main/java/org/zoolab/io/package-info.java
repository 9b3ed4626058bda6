/**
 * Files: {@link org.zoolab.io.AtomicFiles} writes a file so that a reader (or a crash) sees the old content or the
 * complete new one, never half of it; {@link org.zoolab.io.StrictYaml} is the one strict reader of zoolab's YAML
 * configuration files (zoo tables, recipes, experiments, pipelines, sweeps), and
 * {@link org.zoolab.io.ConfigException} the one error type for their mistakes (file, line, key path, what was
 * expected). Training runs, sweeps, generative runs and plots write through it and every configuration is read
 * through it, so it sits at the bottom of the package layering beside {@code backend}: of zoolab it imports only
 * the root error type {@link org.zoolab.BadInputException} (which the CLI maps to exit code 2), and every other
 * package, {@code zoo} included, may use it.
 */
package org.zoolab.io;
