package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every member's key, whatever the string instance and however the ids' hashes collide; 0 for any other id. */
class KeyTableTest {

    @Test
    void findsEveryMemberByAnEqualIdAndGivesZeroForOthers() {
        Map<String, Integer> members = new HashMap<>();
        for (int i = 1; i <= 1_000; i++) {
            members.put("queue-" + i, i * 7);
        }
        KeyTable table = new KeyTable(members);
        for (int i = 1; i <= 1_000; i++) {
            String id = new StringBuilder("queue-").append(i).toString();   // not the instance the table holds
            assertThat(table.key(id)).as(id).isEqualTo(i * 7);
        }
        assertThat(table.key("queue-0")).isZero();
        assertThat(table.key("queue-1001")).isZero();
        assertThat(table.key(null)).isZero();
    }

    @Test
    void idsWithTheSameHashKeepTheirOwnKeys() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        KeyTable table = new KeyTable(Map.of("Aa", 1, "BB", 2, "AaAa", 3, "BBBB", 4, "AaBB", 5));
        assertThat(table.key("Aa")).isEqualTo(1);
        assertThat(table.key("BB")).isEqualTo(2);
        assertThat(table.key("AaAa")).isEqualTo(3);
        assertThat(table.key("BBBB")).isEqualTo(4);
        assertThat(table.key("AaBB")).isEqualTo(5);
        assertThat(table.key("BBAa")).isZero();
    }

    @Test
    void anEmptyTableAndAOneMemberTableAnswer() {
        assertThat(new KeyTable(Map.of()).key("anything")).isZero();
        KeyTable one = new KeyTable(Map.of("solo", 9));
        assertThat(one.key("solo")).isEqualTo(9);
        assertThat(one.key("other")).isZero();
    }
}
