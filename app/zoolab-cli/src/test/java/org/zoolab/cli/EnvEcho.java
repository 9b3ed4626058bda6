package org.zoolab.cli;

/** Test program: prints two environment variables and exits with the code given as its argument. */
public final class EnvEcho {
    public static void main(String[] args) {
        System.out.println(System.getenv("BACKEND_PRIORITY_CPU") + "," + System.getenv(JvmRestart.MARKER));
        System.exit(Integer.parseInt(args[0]));
    }
}
