package com.precautionfirst.command.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The aggregate cache holds a fixed number of entries, so a busy clinic cannot fill the heap with records. */
class LeastRecentlyUsedCacheTest {

    @Test
    void dropsTheEntryUsedLongestAgoWhenFull() {
        LeastRecentlyUsedCache cache = new LeastRecentlyUsedCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);

        cache.put("c", 3);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.containsKey("b")).as("b was used longest ago").isFalse();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
        assertThat(cache.<String, Integer>get("c")).isEqualTo(3);
    }

    @Test
    void removesAndReplaces() {
        LeastRecentlyUsedCache cache = new LeastRecentlyUsedCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        cache.<Integer>computeIfPresent("a", value -> value + 10);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(11);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(cache.<String, Integer>get("a")).isNull();
    }

    @Test
    void refusesAnUnboundedOrEmptySize() {
        assertThatThrownBy(() -> new LeastRecentlyUsedCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
