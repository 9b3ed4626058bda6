package org.zoolab.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[]{"zoolab " + (v == null ? "(development build)" : v)
                + " on Deeplearning4j 1.0.0-M2.1, Java " + System.getProperty("java.version")};
    }
}
