package org.zoolab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Console logging: zoolab at INFO, DL4J/ND4J/JavaCPP/Vert.x noise at WARN unless verbose. */
final class Logging {
    private static final String[] NOISY = {"org.deeplearning4j", "org.nd4j", "org.bytedeco", "io.vertx",
            "org.datavec", "org.apache", "oshi", "io.netty", "org.eclipse"};

    private Logging() {
    }

    static void configure(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
            return;
        }
        ((Logger) LoggerFactory.getLogger("org.zoolab")).setLevel(verbose ? Level.DEBUG : Level.INFO);
        for (String name : NOISY) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(verbose ? Level.INFO : Level.WARN);
        }
    }
}
