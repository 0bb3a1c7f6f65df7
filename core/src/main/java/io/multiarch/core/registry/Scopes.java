package io.multiarch.core.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A set of token scopes ({@code repository:NAME:ACTIONS}) merged per resource, so that
 * {@code repository:a:pull} and {@code repository:a:push} become {@code repository:a:pull,push}.
 */
final class Scopes {
    private final Map<String, TreeSet<String>> actions = new LinkedHashMap<>();

    static Scopes of(Collection<String> scopes) {
        Scopes result = new Scopes();
        scopes.forEach(result::add);
        return result;
    }

    /** Adds one scope string; a string may hold several scopes separated by spaces. */
    void add(String scope) {
        if (scope == null) {
            return;
        }
        for (String one : scope.trim().split("\\s+")) {
            int last = one.lastIndexOf(':');
            if (last <= 0) {
                continue;
            }
            String resource = one.substring(0, last);
            TreeSet<String> set = actions.computeIfAbsent(resource, r -> new TreeSet<>());
            for (String action : one.substring(last + 1).split(",")) {
                if (!action.isBlank()) {
                    set.add(action.trim());
                }
            }
        }
    }

    void addAll(Scopes other) {
        other.actions.forEach((resource, set) -> actions.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(set));
    }

    /** Whether every action of {@code scope} is already in this set. */
    boolean covers(String scope) {
        Scopes wanted = new Scopes();
        wanted.add(scope);
        for (Map.Entry<String, TreeSet<String>> entry : wanted.actions.entrySet()) {
            TreeSet<String> have = actions.get(entry.getKey());
            if (have == null || !(have.containsAll(entry.getValue()) || have.contains("*"))) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return actions.isEmpty();
    }

    /** One string per resource, as separate {@code scope=} query parameters want them. */
    List<String> asList() {
        return actions.entrySet().stream()
                .map(e -> e.getKey() + ":" + String.join(",", e.getValue()))
                .collect(Collectors.toList());
    }

    Scopes copy() {
        Scopes copy = new Scopes();
        copy.addAll(this);
        return copy;
    }

    @Override
    public String toString() {
        return String.join(" ", asList());
    }
}
