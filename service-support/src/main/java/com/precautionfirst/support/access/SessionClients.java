package com.precautionfirst.support.access;

import java.util.Optional;

/** Which client a session belongs to, where a service knows it (the query side), to name it in refusals. */
public interface SessionClients {

    Optional<String> clientOf(String sessionId);
}
