package org.zoolab.train;

import org.zoolab.io.ConfigException;
import org.zoolab.io.StrictYaml;

import org.zoolab.BadInputException;
import org.zoolab.zoo.ModelInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The recipe table, {@code zoo-configs/recipes.yaml}: read from the directory named by the system property
 * {@code zoolab.zoo-configs} / environment variable {@code ZOOLAB_ZOO_CONFIGS} when set, else from the jar.
 */
public final class Recipes {
    static final String FILE = "zoo-configs/recipes.yaml";
    /** The recipe for models whose paper states none. */
    public static final String DEFAULT = "default";

    /** The file's shape: a list of recipes. */
    record Table(List<Recipe> recipes) {
        Table {
            StrictYaml.require(recipes != null && !recipes.isEmpty(), "recipes", "the file needs a non-empty list 'recipes'");
            Set<String> seen = new HashSet<>();
            for (Recipe r : recipes) {
                StrictYaml.require(seen.add(r.name()), "recipes", "recipe '" + r.name() + "' is defined twice");
            }
            recipes = List.copyOf(recipes);
        }
    }

    private final List<Recipe> recipes;

    private Recipes(List<Recipe> recipes) {
        this.recipes = recipes;
    }

    /** The table zoolab uses. */
    public static Recipes load() {
        return parse(FILE, read());
    }

    /** Parses recipe YAML text; {@code file} names it in error messages. */
    public static Recipes parse(String file, String yaml) {
        return new Recipes(StrictYaml.read(file, yaml, Table.class).recipes());
    }

    public List<Recipe> all() {
        return recipes;
    }

    /** The recipe with this name. */
    public Recipe named(String name) {
        return recipes.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new BadInputException("unknown recipe '" + name + "' (" + FILE + "); known recipes: "
                        + recipes.stream().map(Recipe::name).collect(Collectors.joining(", "))));
    }

    /**
     * The default recipe of a model: the one listing the model's name or an alias, else the one listing its
     * family, else {@value #DEFAULT}.
     */
    public Recipe forModel(ModelInfo model) {
        for (Recipe r : recipes) {
            if (r.models().stream().anyMatch(model::answersTo)) return r;
        }
        for (Recipe r : recipes) {
            if (r.families().stream().anyMatch(f -> f.equalsIgnoreCase(model.family()))) return r;
        }
        return named(DEFAULT);
    }

    private static String read() {
        String dir = System.getProperty("zoolab.zoo-configs", System.getenv("ZOOLAB_ZOO_CONFIGS"));
        try {
            if (dir != null && !dir.isBlank()) {
                Path p = Path.of(dir, "recipes.yaml");
                if (Files.isRegularFile(p)) {
                    return Files.readString(p, StandardCharsets.UTF_8);
                }
            }
            try (InputStream in = Recipes.class.getClassLoader().getResourceAsStream(FILE)) {
                if (in == null) {
                    throw new ConfigException(FILE, "", "not found on the classpath (is zoo-configs/ packaged?)");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
    }
}
