package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Forwarder for the lookup DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} makes by reflection:
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#getInstance().isUseMKLDNN()}. In that release the class lives at
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method is {@code isUseONEDNN}, so
 * without this forwarder DL4J silently falls back to its slow built-in convolution, pooling and batch norm.
 * Part of zoolab's backend package (see {@link org.zoolab.backend.OneDnnHelpers}).
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The forwarded environment. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** True if the loaded libnd4j was built with oneDNN and has it switched on. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object instance = env.getMethod("getInstance").invoke(null);
                Method m = env.getMethod("isUseONEDNN");
                return (boolean) m.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
