package org.zoolab.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelSummaryJsonTest {

    @Test
    void serialisesWithJacksonAndReadsBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ModelSummary s = Zoo.get("lenet5").summary();
        String text = json.writeValueAsString(s);
        JsonNode node = json.readTree(text);
        assertThat(node.get("name").asText()).isEqualTo("lenet5");
        assertThat(node.get("trainableParams").asLong()).isEqualTo(61_706L);
        assertThat(node.get("nonTrainableParams").asLong()).isZero();
        assertThat(node.get("macs").asLong()).isEqualTo(416_520L);
        assertThat(node.get("input").toString()).isEqualTo("[1,32,32]");
        assertThat(node.get("layers").get(0).get("name").asText()).isEqualTo("c1");
        assertThat(node.get("layers").get(0).get("outputShape").toString()).isEqualTo("[6,28,28]");
        assertThat(json.readValue(text, ModelSummary.class)).isEqualTo(s);
    }
}
