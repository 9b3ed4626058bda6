package org.zoolab.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenMpWaitPolicyTest {
    @Test
    void theTestJvmsRunWithThePolicyZoolabShipsAndTheReportSaysSo() {
        // the surefire configuration sets it, as scripts/zoolab does for users
        assertThat(System.getenv(OpenMpWaitPolicy.VARIABLE)).isEqualTo("passive");
        assertThat(OpenMpWaitPolicy.describe()).isEqualTo("passive (OMP_WAIT_POLICY)");
        assertThat(SystemReport.collect()).containsEntry("OpenMP wait policy", "passive (OMP_WAIT_POLICY)");
    }
}
