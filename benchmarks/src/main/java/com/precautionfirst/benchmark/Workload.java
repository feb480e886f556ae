package com.precautionfirst.benchmark;

import java.time.LocalDate;

/**
 * What one simulated client of the clinic does, as HTTP commands. {@link #REGISTER_ONLY} is what the walking
 * skeleton can do; {@link #TREATMENT_MIX} is the clinic's day: a client is registered with a condition that needs
 * clearance, cleared, assigned a therapist, and treated in sessions with pressure adjustments and responses.
 */
enum Workload {

    REGISTER_ONLY {
        @Override
        void client(Commands commands, String clientId, int sessions) {
            register(commands, clientId);
        }
    },

    TREATMENT_MIX {
        @Override
        void client(Commands commands, String clientId, int sessions) {
            prepare(commands, clientId);
            for (int s = 0; s < sessions; s++) {
                session(commands, clientId, 3);
            }
        }
    };

    /** A registered, cleared and assigned client plus {@code sessions} sessions (or only the registration). */
    abstract void client(Commands commands, String clientId, int sessions);

    static void register(Commands commands, String clientId) {
        commands.asAdmin(clientId, "/api/clients", "{\"clientId\":\"" + clientId
                + "\",\"name\":\"Benchmark " + clientId + "\",\"dateOfBirth\":\"1975-03-14\"}");
    }

    static void prepare(Commands commands, String clientId) {
        register(commands, clientId);
        String conditionId = commands.asAdmin(clientId, "/api/clients/" + clientId + "/conditions",
                "{\"icd10Code\":\"M54.3\",\"description\":\"Sciatica, protruded lumbar disc\","
                        + "\"requiresClearance\":true,\"region\":\"LOWER_BACK\"}").path("conditionId").asText();
        LocalDate today = LocalDate.now();
        commands.asAdmin(clientId, "/api/clients/" + clientId + "/clearances", "{\"conditionIds\":[\"" + conditionId
                + "\"],\"professional\":{\"name\":\"Dr. Weber\",\"profession\":\"PHYSIOTHERAPIST\","
                + "\"licenseNumber\":\"PT-4711\"},\"issuedOn\":\"" + today.minusDays(1) + "\",\"validUntil\":\""
                + today.plusDays(90) + "\",\"damageLocation\":\"L5-S1, left\",\"restrictions\":{\"excludedAreas\":"
                + "[\"SACRUM_EDGE\"],\"maxPressure\":{\"LOWER_BACK\":3},\"prohibitedTechniques\":[]}}");
        commands.asAdmin(clientId, "/api/clients/" + clientId + "/therapists", "{\"therapistId\":\"therapist-a\"}");
    }

    /** Start, {@code adjustments} pressure adjustments starting light, one response, end. */
    static void session(Commands commands, String clientId, int adjustments) {
        String sessionId = commands.asTherapist(clientId, "/api/sessions", "{\"clientId\":\"" + clientId
                + "\",\"plannedAreas\":[\"LOWER_BACK\",\"UPPER_BACK\"]}").path("sessionId").asText();
        String session = "/api/sessions/" + sessionId;
        for (int a = 0; a < adjustments; a++) {
            commands.asTherapist(clientId, session + "/pressure", "{\"area\":\"LOWER_BACK\",\"level\":" + (1 + a % 3)
                    + ",\"reason\":\"" + (a == 0 ? "THERAPIST_JUDGEMENT" : "CLIENT_REQUEST") + "\"}");
        }
        commands.asTherapist(clientId, session + "/responses",
                "{\"area\":\"LOWER_BACK\",\"sensitivity\":2,\"radiatingPain\":false}");
        commands.asTherapist(clientId, session + "/end", "{\"outcome\":\"COMPLETED\"}");
    }
}
