package org.zoolab.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scripted {@link ExternalCommand}: each program (first word) answers with a handler; every call is recorded. */
final class FakeCommands implements ExternalCommand {

    /** What a fake program does: may write files into workDir, returns its result or throws. */
    @FunctionalInterface
    interface Program {
        Result run(List<String> command, Path workDir) throws IOException;
    }

    /** A fake program whose standard output is {@code stdout}. */
    @FunctionalInterface
    interface StreamingProgram {
        byte[] stdout(List<String> command, Path workDir) throws IOException;
    }

    final List<List<String>> calls = new ArrayList<>();
    private final Map<String, Program> programs = new LinkedHashMap<>();
    private final Map<String, StreamingProgram> streaming = new LinkedHashMap<>();
    private boolean root;

    FakeCommands on(String program, Program handler) {
        programs.put(program, handler);
        return this;
    }

    FakeCommands streaming(String program, StreamingProgram handler) {
        streaming.put(program, handler);
        return this;
    }

    FakeCommands asRoot(boolean root) {
        this.root = root;
        return this;
    }

    long count(String program) {
        return calls.stream().filter(c -> c.get(0).equals(program)).count();
    }

    @Override
    public Result run(List<String> command, Path workDir) throws IOException {
        calls.add(command);
        Program p = programs.get(command.get(0));
        if (p == null) {
            throw new CannotStartException(command.get(0), new IOException("error=2, No such file or directory"));
        }
        return p.run(command, workDir);
    }

    @Override
    public Result stream(List<String> command, Path workDir, OutputReader reader) throws IOException {
        calls.add(command);
        StreamingProgram p = streaming.get(command.get(0));
        if (p == null) {
            throw new CannotStartException(command.get(0), new IOException("error=2, No such file or directory"));
        }
        reader.read(new ByteArrayInputStream(p.stdout(command, workDir)));
        return new Result(0, "");
    }

    @Override
    public boolean runsAsRoot() {
        return root;
    }
}
