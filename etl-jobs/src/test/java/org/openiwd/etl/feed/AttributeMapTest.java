package org.openiwd.etl.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AttributeMapTest {

    private final AttributeMap.Builder builder = new AttributeMap.Builder();

    @Test
    void keepsTheFeedsOrderAndEqualsTheLinkedHashMapOfTheSameAttributes() {
        builder.put("region", "north");
        builder.put("amount", new BigDecimal("12.5"));
        builder.put("vip", true);
        AttributeMap map = builder.build();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("region", "north");
        expected.put("amount", new BigDecimal("12.5"));
        expected.put("vip", true);
        assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(map.keySet()).containsExactly("region", "amount", "vip");
        assertThat(map.get("amount")).isEqualTo(new BigDecimal("12.5"));
        assertThat(map.get(new String("region"))).isEqualTo("north");
        assertThat(map.containsKey("vip")).isTrue();
        assertThat(map.get("absent")).isNull();
        assertThat(map.containsKey("absent")).isFalse();
    }

    @Test
    void aNameGivenAgainKeepsItsPlaceAndTakesTheLaterValue() {
        builder.put("a", "1");
        builder.put("b", "2");
        builder.put("a", "3");

        assertThat(builder.build()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    }

    @Test
    void eachBuildIsAMapOfItsOwnAndTheBuilderStartsAfresh() {
        for (int i = 0; i < 20; i++) {
            builder.put("n" + i, i);
        }
        AttributeMap first = builder.build();
        builder.put("x", "y");
        AttributeMap second = builder.build();
        AttributeMap empty = builder.build();

        assertThat(first).hasSize(20).containsEntry("n19", 19).doesNotContainKey("x");
        assertThat(second).containsExactly(Map.entry("x", "y"));
        assertThat(empty).isEmpty();
    }

    @Test
    void cannotBeChanged() {
        builder.put("a", "1");
        AttributeMap map = builder.build();

        assertThatThrownBy(() -> map.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("2"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
