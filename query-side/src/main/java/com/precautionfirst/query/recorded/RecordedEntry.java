package com.precautionfirst.query.recorded;

import java.time.Instant;

/**
 * What every entry of a record shows about the event behind it (API.md): its number in its own stream, its type,
 * when it was recorded, by whom and in which role.
 */
public class RecordedEntry {

    public long sequence;
    public String type;
    public Instant at;
    public String by;
    public String role;

    protected void stamp(RecordedEvent event) {
        sequence = event.sequence();
        type = event.type();
        at = event.at();
        by = event.by();
        role = event.role();
    }
}
