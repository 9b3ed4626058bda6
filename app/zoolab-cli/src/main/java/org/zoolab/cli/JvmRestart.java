package org.zoolab.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts this program again in a new JVM with extra environment variables (ND4J reads its backend priorities
 * from the environment once, when it loads), passes standard streams through, and returns the child's exit code.
 */
final class JvmRestart {
    static final String MARKER = "ZOOLAB_JVM_RESTARTED";

    private JvmRestart() {
    }

    /** The command line that runs {@code mainClass} with {@code args} in a JVM like this one. */
    static List<String> command(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(java);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** True if this JVM was itself started by {@link #run}: never restart twice. */
    static boolean isRestarted() {
        return System.getenv(MARKER) != null;
    }

    static int run(Map<String, String> env, Class<?> mainClass, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(mainClass, args)).inheritIO();
        pb.environment().putAll(env);
        pb.environment().put(MARKER, "1");
        try {
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            return p.waitFor();
        } catch (java.io.IOException e) {
            System.err.println("zoolab: run failed: cannot start a JVM for the chosen backend: " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_FAILED;
        }
    }
}
