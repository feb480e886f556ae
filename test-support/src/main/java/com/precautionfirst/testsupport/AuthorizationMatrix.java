package com.precautionfirst.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Every operation of a service's OpenAPI document called by every demo user and by an anonymous caller, compared
 * with a table of who may call what. An answer counts as 401, 403, or allowed (anything else: the request got past
 * every check of who may, whatever it then answered). An object check (therapist-b on therapist-a's client)
 * counts as 403 like a role check.
 */
public final class AuthorizationMatrix {

    public static final String ANONYMOUS = "anonymous";
    public static final String ADMIN = "admin";
    public static final String THERAPIST_A = "therapist-a";
    public static final String THERAPIST_B = "therapist-b";
    public static final String AUDITOR = "auditor";
    public static final String INSURER_X = "insurer-x";
    public static final List<String> CALLERS = List.of(ANONYMOUS, ADMIN, THERAPIST_A, THERAPIST_B, AUDITOR, INSURER_X);

    private AuthorizationMatrix() {
    }

    /**
     * What differs from the table: an operation of the document the table does not list (nobody reviewed who may
     * call it), one the table lists that the document lacks, and every caller whose answer is not the table's.
     *
     * @param documented   the document's operations, as {@link OpenApiDocument#operations()} names them
     * @param allowed      per operation, who may call it; every other user gets 403 and an anonymous caller 401
     * @param call         calls the operation as the user ({@link #ANONYMOUS}: without credentials), returns the status
     */
    public static List<String> differences(Set<String> documented, Map<String, Set<String>> allowed,
                                           BiFunction<String, String, Integer> call) {
        List<String> differences = new ArrayList<>();
        Set<String> unreviewed = new TreeSet<>(documented);
        unreviewed.removeAll(allowed.keySet());
        unreviewed.forEach(operation -> differences.add(operation + ": in the document, not in the table"));
        Set<String> gone = new TreeSet<>(allowed.keySet());
        gone.removeAll(documented);
        gone.forEach(operation -> differences.add(operation + ": in the table, not in the document"));
        for (String operation : new TreeSet<>(allowed.keySet())) {
            if (gone.contains(operation)) {
                continue;
            }
            for (String caller : CALLERS) {
                String expected = allowed.get(operation).contains(caller) ? "allowed"
                        : caller.equals(ANONYMOUS) ? "401" : "403";
                int status = call.apply(operation, caller);
                String actual = status == 401 || status == 403 ? Integer.toString(status) : "allowed";
                if (!actual.equals(expected)) {
                    differences.add(operation + " as " + caller + ": expected " + expected + ", answered " + status);
                }
            }
        }
        return differences;
    }
}
