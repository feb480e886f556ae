package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.maria;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.commands.DeclareCondition;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.command.precaution.ClearanceRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpineAndNerveConditionsAlwaysNeedClearanceTest {

    @ParameterizedTest
    @ValueSource(strings = {"M54.16", "M54.1", "M51.26", "M51", "G57.01", "G57.0", "M47.816", "M48.06", "M54.30",
            "M54.42", "m54.16"})
    void spineAndNerveFamiliesRequireClearanceEvenWhenDeclaredNotTo(String code) {
        assertThat(ClearanceRequirement.requiresClearance(code, false)).isTrue();
        assertThat(ClearanceRequirement.requiresClearance(code, null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"M54.5", "M54.50", "M54.2", "M54.6", "G57.1", "G57.10", "M50.1", "M62.83", "M510", "M4"})
    void otherCodesFollowTheDeclaredFlag(String code) {
        assertThat(ClearanceRequirement.requiresClearance(code, false)).isFalse();
        assertThat(ClearanceRequirement.requiresClearance(code, null)).isFalse();
        assertThat(ClearanceRequirement.requiresClearance(code, true)).isTrue();
    }

    @Test
    void theDeclaredConditionRecordsBothTheDeclaredAndTheEffectiveRequirement() {
        new ClientRecordFixture().fixture.given(maria().events())
                .when(new DeclareCondition(CLIENT, "sciatica", "M54.16", "lumbar radiculopathy", false, "lower back"),
                        asAdmin())
                .expectEvents(new ConditionDeclared(CLIENT, "sciatica", "M54.16", "lumbar radiculopathy", false, true,
                        "lower back"));
    }
}
