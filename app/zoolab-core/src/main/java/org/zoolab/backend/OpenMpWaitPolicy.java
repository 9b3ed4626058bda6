package org.zoolab.backend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What idle OpenMP threads of libnd4j and oneDNN do between parallel regions: {@code OMP_WAIT_POLICY}.
 * <p>
 * With the OpenMP runtime's default they spin for a while, and on a small CPU the spinning threads take the cores
 * from OpenBLAS's own threads and from the JVM: measured on 2 cores, {@code passive} (sleep at once) made the VAE
 * step 2.3x faster, LeNet-5 training 1.3x, AlexNet 1.15-1.24x, and lost nowhere (docs/benchmarks.md, "Levers").
 * OpenMP reads the variable once, when libnd4j loads, so a running JVM cannot change it: zoolab's scripts
 * ({@code scripts/zoolab}, {@code scripts/zoolab-spark}, the notebook kernel) and its test runs set it; a JVM
 * that embeds zoolab without it gets one hint in the log ({@link #checkOnce}).
 */
public final class OpenMpWaitPolicy {
    public static final String VARIABLE = "OMP_WAIT_POLICY";
    private static final Logger log = LoggerFactory.getLogger(OpenMpWaitPolicy.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private OpenMpWaitPolicy() {
    }

    /** The policy in effect for this process: the variable's value, or a note that the runtime's default applies. */
    public static String describe() {
        String v = System.getenv(VARIABLE);
        return v == null ? "unset (the OpenMP runtime's default: spin, then sleep); zoolab's scripts use passive"
                : v + " (" + VARIABLE + ")";
    }

    /** Logs once per process, at INFO, how to set the faster policy when the variable is not set. */
    public static void checkOnce() {
        if (System.getenv(VARIABLE) == null && CHECKED.compareAndSet(false, true)) {
            log.info("{} is not set: idle OpenMP threads spin and slow small steps down (up to 2.3x measured); "
                    + "start the JVM with {}=passive in its environment, as scripts/zoolab does", VARIABLE, VARIABLE);
        }
    }
}
