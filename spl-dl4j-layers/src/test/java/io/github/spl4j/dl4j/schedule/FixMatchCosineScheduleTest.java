package io.github.spl4j.dl4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class FixMatchCosineScheduleTest {

    @Test
    void valuesFollowTheFormula() {
        FixMatchCosineSchedule s = new FixMatchCosineSchedule(0.03, 1000);
        assertEquals(0.03, s.valueAt(0, 0), 0.0);
        assertEquals(0.03 * Math.cos(7 * Math.PI * 500 / (16.0 * 1000)), s.valueAt(500, 3), 1e-15);
        assertEquals(0.03 * Math.cos(7 * Math.PI / 16), s.valueAt(1000, 0), 1e-15);
        assertEquals(s.valueAt(1000, 0), s.valueAt(5000, 0), 0.0);
        for (int k = 1; k <= 1000; k++) {
            assertEquals(true, s.valueAt(k, 0) < s.valueAt(k - 1, 0), "decreasing at " + k);
        }
    }

    @Test
    void jsonRoundTripInsideAnUpdater() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        FixMatchCosineSchedule s = new FixMatchCosineSchedule(0.05, 123);
        ISchedule back = mapper.readValue(mapper.writeValueAsString(s), ISchedule.class);
        assertEquals(s, back);
        IUpdater u = new Nesterovs(s, 0.9);
        IUpdater uBack = mapper.readValue(mapper.writeValueAsString(u), IUpdater.class);
        assertEquals(u, uBack);
        assertEquals(s, s.clone());
        assertEquals("FixMatchCosineSchedule(initialValue=0.05,totalSteps=123)", s.toString());
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FixMatchCosineSchedule(0.0, 10));
        assertEquals("initialValue must be finite and > 0, found 0.0", e.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> new FixMatchCosineSchedule(0.03, 0));
        assertEquals("totalSteps must be >= 1, found 0", k.getMessage());
    }
}
