package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SHA-256 sums in {@code sha256sum} format ({@code <64 hex>  <relative/path>}, {@code #} comments), as kept in the
 * repository under {@code org/zoolab/data/checksums/} and written into each installed data set as {@code SHA256SUMS}.
 */
public final class ChecksumList {

    /** Classpath folder of the checksum files kept in the repository. */
    static final String RESOURCE_DIR = "/org/zoolab/data/checksums/";

    private final String origin;
    private final Map<String, String> sums;

    ChecksumList(String origin, Map<String, String> sums) {
        this.origin = origin;
        this.sums = Collections.unmodifiableMap(new LinkedHashMap<>(sums));
    }

    /** Reads {@code org/zoolab/data/checksums/<file>} from the classpath. */
    public static ChecksumList fromResource(String file) {
        String path = RESOURCE_DIR + file;
        try (InputStream in = ChecksumList.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("checksum list " + path + " is missing from the zoolab jar");
            }
            return parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a checksum file such as an installed data set's {@code SHA256SUMS}. */
    public static ChecksumList read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    static ChecksumList parse(String origin, String text) {
        Map<String, String> sums = new LinkedHashMap<>();
        int lineNo = 0;
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}")
                        || line.charAt(64) != ' ' || (line.charAt(65) != ' ' && line.charAt(65) != '*')) {
                    throw new BadInputException(origin + " line " + lineNo
                            + ": expected '<64 lower-case hex digits>  <path>', got '" + line + "'");
                }
                sums.put(line.substring(66), line.substring(0, 64));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChecksumList(origin, sums);
    }

    /** Relative path to lower-case hex SHA-256, in file order. */
    public Map<String, String> sums() {
        return sums;
    }

    /** The expected SHA-256 of {@code relativePath}, or null if the list does not name it. */
    public String expected(String relativePath) {
        return sums.get(relativePath);
    }

    /** The lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /**
     * Checks that every file of this list exists under {@code dir} with the listed SHA-256.
     *
     * @param what who is checking, for the message ("mnist")
     * @return the verified sums (the same map)
     * @throws BadInputException naming the first missing or mismatching file
     */
    public Map<String, String> verify(Path dir, String what) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : sums.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                problems.add(e.getKey() + " is missing");
                continue;
            }
            String actual = sha256(file);
            if (!actual.equals(e.getValue())) {
                problems.add(e.getKey() + " failed the SHA-256 check (got " + actual.substring(0, 12)
                        + "..., expected " + e.getValue().substring(0, 12) + "...)");
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(what + ": " + String.join("; ", problems)
                    + " (checksums from " + origin + "): the download is corrupt or not the version zoolab knows;"
                    + " nothing was installed");
        }
        return sums;
    }

    /** This list in {@code sha256sum} format, paths sorted. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sums.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getValue().toLowerCase(Locale.ROOT)).append("  ").append(e.getKey()).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return origin + " (" + sums.size() + " files)";
    }
}
