package org.zoolab.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.zoolab.BadInputException;
import org.zoolab.data.PipelineSpec;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictYamlTest {

    record Inner(Integer size) {
        Inner {
            StrictYaml.require(size == null || size > 0, "size", "must be > 0, got " + size);
        }
    }

    record Outer(String name, List<Inner> parts) {
    }

    @Test
    void recordsNameTheFileAndTheKeyPath() {
        assertThat(StrictYaml.read("a.yaml", "name: x\nparts: [{size: 2}, {}]\n", Outer.class))
                .isEqualTo(new Outer("x", List.of(new Inner(2), new Inner(null))));
        assertThatThrownBy(() -> StrictYaml.read("a.yaml", "name: x\nparts: [{size: 2}, {size: -1}]\n", Outer.class))
                .isInstanceOf(ConfigException.class).hasMessage("a.yaml, key 'parts[1].size': must be > 0, got -1");
        assertThatThrownBy(() -> StrictYaml.read("a.yaml", "name: x\nparts: [{sise: 2}]\n", Outer.class))
                .hasMessage("a.yaml, key 'parts[0].sise': unknown key 'sise'; expected one of: size");
        assertThatThrownBy(() -> StrictYaml.read("a.yaml", "", Outer.class)).hasMessage("a.yaml: the file is empty");
        // a zoo table: every key required, and the line named
        assertThatThrownBy(() -> StrictYaml.readTable("t.yaml", "name: x\n", Outer.class))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("t.yaml, line ").hasMessageContaining("parts");
    }

    @Test
    void treesRefuseKeysGivenTwiceAndUnknownKeys() {
        assertThatThrownBy(() -> StrictYaml.tree("d.yaml", "a: 1\nb: 2\na: 3\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("d.yaml, line ").hasMessageContaining("'a'");
        JsonNode n = StrictYaml.tree("d.yaml", "top: {a: 1, c: 2}\n");
        assertThatThrownBy(() -> StrictYaml.checkKeys("d.yaml", n.get("top"), "top", Set.of("a", "b")))
                .hasMessage("d.yaml, key 'top.c': unknown key 'c'; expected one of: a, b");
        // the same in a pipeline file
        assertThatThrownBy(() -> PipelineSpec.parse("p.yaml", "name: p\nname: q\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("p.yaml, line ").hasMessageContaining("'name'");
    }

    @Test
    void oneErrorTypeKeyedUnderAnEnclosingFile() {
        ConfigException e = new ConfigException("x", 3, "lr", "must be a positive number, got -1.0");
        assertThat(e).isInstanceOf(BadInputException.class);
        assertThat(e.getMessage()).isEqualTo("x, line 3, key 'lr': must be a positive number, got -1.0");
        ConfigException moved = e.under("s.yaml", "base");
        assertThat(moved.getMessage()).isEqualTo("s.yaml, key 'base.lr': must be a positive number, got -1.0");
        assertThat(moved.problem()).isEqualTo(e.problem());
        assertThat(new ConfigException("x", "", "the file is empty").under("s.yaml", "base").getMessage())
                .isEqualTo("s.yaml, key 'base': the file is empty");
    }
}
