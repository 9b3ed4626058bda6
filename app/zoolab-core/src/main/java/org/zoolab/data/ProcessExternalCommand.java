package org.zoolab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link ExternalCommand} on {@link ProcessBuilder}: a program's output is captured through a file, never a pipe that could fill. */
final class ProcessExternalCommand implements ExternalCommand {

    @Override
    public Result run(List<String> command, Path workDir) throws IOException {
        Path log = Files.createTempFile(workDir, ".cmd-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            } catch (IOException e) {
                throw new CannotStartException(command.get(0), e);
            }
            int code = waitFor(process);
            return new Result(code, Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public Result stream(List<String> command, Path workDir, OutputReader reader) throws IOException {
        Path errors = Files.createTempFile(workDir, ".cmd-", ".err");
        Process process = null;
        try {
            try {
                process = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectError(errors.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new CannotStartException(command.get(0), e);
            }
            try (InputStream stdout = process.getInputStream()) {
                reader.read(stdout);
                stdout.transferTo(java.io.OutputStream.nullOutputStream());
            }
            int code = waitFor(process);
            return new Result(code, Files.readString(errors, StandardCharsets.UTF_8));
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(errors);
        }
    }

    @Override
    public boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + process.info().command().orElse("a program"));
        }
    }
}
