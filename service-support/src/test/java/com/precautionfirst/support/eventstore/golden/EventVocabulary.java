package com.precautionfirst.support.eventstore.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The enum constants events hold. They are stored as words (the constant's name, unless Jackson is told
 * otherwise), so renaming or removing a constant makes every stored event that used it unreadable, although no
 * event class changed. The golden examples use only a few constants; this covers all of them.
 */
final class EventVocabulary {

    private EventVocabulary() {
    }

    /** Each enum an event can hold (through records, collections and map keys), with its constants as stored. */
    static SortedMap<String, SortedSet<String>> wordsAsStored(Collection<Class<?>> eventClasses, ObjectMapper mapper) {
        Set<Class<?>> enums = new TreeSet<>(Comparator.comparing(Class::getName));
        Set<Class<?>> visited = new HashSet<>();
        eventClasses.forEach(type -> collectEnums(type, enums, visited));
        SortedMap<String, SortedSet<String>> words = new TreeMap<>();
        for (Class<?> type : enums) {
            SortedSet<String> stored = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                stored.add(mapper.valueToTree(constant).asText());
            }
            words.put(type.getName(), stored);
        }
        return words;
    }

    private static void collectEnums(Type type, Set<Class<?>> enums, Set<Class<?>> visited) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                collectEnums(argument, enums, visited);
            }
        } else if (type instanceof Class<?> c && visited.add(c)) {
            if (c.isEnum()) {
                enums.add(c);
            } else if (c.isRecord()) {
                for (RecordComponent component : c.getRecordComponents()) {
                    collectEnums(component.getGenericType(), enums, visited);
                }
            }
        }
    }
}
