package com.precautionfirst.api.events;

/**
 * An event of a client's record or of one of its sessions: it names the client whose record it belongs to. The
 * query side routes and orders by it (one sequence per client) without reflection, and a projection can declare a
 * handler for every such event by this type. An event of another kind of stream (a user account) does not implement
 * it. Every event with a {@code clientId} must implement it (EveryClientEventSaysSoTest).
 */
public interface ClientEvent {

    /** The client whose record the event belongs to; never null. */
    String clientId();
}
