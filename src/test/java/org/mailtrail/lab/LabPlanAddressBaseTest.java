package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** --address-base: what the lab refuses before it binds anything. */
class LabPlanAddressBaseTest {

    private static LabPlan plan(String base) throws Exception {
        World w = new WorldLoader().load("direct");
        return LabPlan.of(w, base, null, false);
    }

    @Test
    void refusesMalformedAndThisMachinesOwnAddress() {
        assertThatThrownBy(() -> plan("127.1.0")).isInstanceOf(LabException.class).hasMessageContaining("--address-base");
        assertThatThrownBy(() -> plan("127.0.0.0")).isInstanceOf(LabException.class)
                .hasMessageContaining("--address-base").hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> plan("10.0.0.0")).isInstanceOf(LabException.class).hasMessageContaining("--address-base");
        assertThatThrownBy(() -> plan("127.1.0.7")).isInstanceOf(LabException.class).hasMessageContaining("--address-base");
    }
}
