/**
 * The zoolab command line: picocli commands, one per capability, each a thin layer over a library call in
 * zoolab-core. It owns console output, exit codes (0 ok, 1 run failed, 2 bad usage or bad input) and the
 * Logback configuration; nothing in the library imports it.
 */
package org.zoolab.cli;
