/**
 * Hyperparameter sweeps on Arbiter: a search space declared in YAML, random and grid generators, resumable runs, results.csv and plots.
 */
package org.zoolab.sweep;
