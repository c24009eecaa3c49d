package org.openiwd.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (state, action) pair of the table in DESIGN §4.2; "409" where the table refuses. */
class LifecycleTest {

    static Stream<Arguments> table() {
        String[] actions = {"assign", "transfer:queue", "transfer:agent", "complete", "cancel", "reject", "hold",
            "resume", "restart"};
        String[][] rows = {
            // from        assign      transfer:q transfer:a  complete     cancel      reject      hold    resume restart
            {"New",       "Assigned", "Queued",  "Assigned", "Completed", "Canceled", "Rejected", "Held", "409", "New"},
            {"Queued",    "Assigned", "Queued",  "Assigned", "Completed", "Canceled", "Rejected", "Held", "409", "New"},
            {"Assigned",  "Assigned", "Queued",  "Assigned", "Completed", "Canceled", "Rejected", "Held", "409", "New"},
            {"Held",      "409",      "409",     "409",      "Completed", "Canceled", "Rejected", "409",  "FROM", "New"},
            {"ErrorHeld", "409",      "409",     "409",      "Completed", "Canceled", "Rejected", "409",  "FROM", "New"},
            {"Completed", "409", "409", "409", "409", "409", "409", "409", "409", "409"},
            {"Canceled",  "409", "409", "409", "409", "409", "409", "409", "409", "409"},
            {"Rejected",  "409", "409", "409", "409", "409", "409", "409", "409", "409"},
        };
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String[] row : rows) {
            for (int i = 0; i < actions.length; i++) {
                cases.add(Arguments.of(row[0], actions[i], row[i + 1]));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("table")
    void everyStateAndActionFollowsTheDesignTable(String from, String action, String expected) {
        TaskStatus state = TaskStatus.valueOf(from);
        TaskAction taskAction = TaskAction.fromPath(action.split(":")[0]);
        boolean toAgent = action.endsWith(":agent");
        // a hold always remembers where it came from; Queued stands for "the state before the hold"
        TaskStatus heldFrom = state.isHeld() ? TaskStatus.Queued : null;
        if (expected.equals("409")) {
            assertThatThrownBy(() -> Lifecycle.next(state, taskAction, toAgent, heldFrom))
                    .isInstanceOf(Lifecycle.InvalidTransitionException.class)
                    .hasMessageContaining(from).hasMessageContaining(taskAction.wireName());
        }
        else {
            TaskStatus want = expected.equals("FROM") ? heldFrom : TaskStatus.valueOf(expected);
            assertThat(Lifecycle.next(state, taskAction, toAgent, heldFrom)).isEqualTo(want);
        }
    }
}
