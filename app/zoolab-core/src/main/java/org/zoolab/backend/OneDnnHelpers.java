package org.zoolab.backend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches on DL4J's oneDNN layer helpers (convolution, pooling, batch norm, LRN) on the CPU backend.
 * <p>
 * DL4J 1.0.0-M2.1 never uses them by itself: the system property {@value #DISABLE_PROPERTY} defaults to
 * {@code true}, and with it set to {@code false} DL4J still looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment},
 * a class that moved in that release; zoolab ships that class as a forwarder
 * ({@link org.nd4j.nativeblas.Nd4jCpu}). A user who sets the property explicitly keeps their choice.
 * <p>
 * {@link #enable()} is what zoolab calls before ND4J first loads, so it also makes the other choices that must be
 * made before then: the OpenBLAS build ({@link OpenMpOpenBlas}) and the OpenMP wait-policy hint.
 */
public final class OneDnnHelpers {
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static final Logger log = LoggerFactory.getLogger(OneDnnHelpers.class);

    private OneDnnHelpers() {
    }

    /** Sets the property to enable helpers unless the user already set it. Safe to call many times. */
    public static void enable() {
        OpenMpWaitPolicy.checkOnce();
        OpenMpOpenBlas.chooseOnce();
        if (System.getProperty(DISABLE_PROPERTY) == null) {
            System.setProperty(DISABLE_PROPERTY, "false");
            log.debug("DL4J layer helpers enabled ({}=false)", DISABLE_PROPERTY);
        }
    }

    /** True if the property allows helpers. */
    public static boolean enabledByProperty() {
        return "false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY, "true"));
    }
}
