package org.zoolab.zoo;

import java.util.List;

/**
 * What the registry knows about a model before building it: its names, where it comes from and its default
 * input. Like timm's per-model default config.
 *
 * @param name           the canonical name, e.g. {@code "vgg-d"}
 * @param aliases        other accepted names, e.g. {@code "vgg16"}
 * @param family         the family that builds it, e.g. {@code "vgg"}
 * @param year           the paper's year
 * @param paper          short citation, e.g. {@code "Simonyan & Zisserman 2014, Table 1 column D"}
 * @param inputChannels  default input channels
 * @param inputHeight    default input height
 * @param inputWidth     default input width
 * @param numClasses     default number of classes (outputs)
 */
public record ModelInfo(String name, List<String> aliases, String family, int year, String paper,
                        int inputChannels, int inputHeight, int inputWidth, int numClasses) {

    public ModelInfo {
        aliases = List.copyOf(aliases);
    }

    /** A registry entry whose default input is {@code input}. */
    public ModelInfo(String name, List<String> aliases, String family, int year, String paper, FeatureShape input,
                     int numClasses) {
        this(name, aliases, family, year, paper, Math.toIntExact(input.channels()), Math.toIntExact(input.height()),
                Math.toIntExact(input.width()), numClasses);
    }

    /** The default input as a shape. */
    public FeatureShape input() {
        return new FeatureShape(inputChannels, inputHeight, inputWidth);
    }

    /** The input shape as "C,H,W". */
    public String inputShape() {
        return inputChannels + "," + inputHeight + "," + inputWidth;
    }

    /** True if {@code candidate} is this model's name or one of its aliases (case-insensitive). */
    public boolean answersTo(String candidate) {
        if (name.equalsIgnoreCase(candidate)) {
            return true;
        }
        return aliases.stream().anyMatch(a -> a.equalsIgnoreCase(candidate));
    }
}
