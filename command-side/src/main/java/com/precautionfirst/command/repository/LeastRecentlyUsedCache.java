package com.precautionfirst.command.repository;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's {@link Cache} over a map that holds at most a fixed number of entries and drops the one used longest ago:
 * the aggregate cache must be bounded by entries (Axon's {@code WeakReferenceCache} is bounded only by the garbage
 * collector). One lock around a {@link LinkedHashMap} in access order is enough here: each operation is a map
 * lookup, a few per command, next to milliseconds of HTTP and database work; no other dependency is needed.
 */
public final class LeastRecentlyUsedCache implements Cache {

    private final Map<Object, Object> entries;

    public LeastRecentlyUsedCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public synchronized boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, value) -> update.apply((V) value));
    }

    /** Axon's repositories register no listeners; nothing else uses this cache. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the aggregate cache has no entry listeners");
    }

    synchronized int size() {
        return entries.size();
    }
}
