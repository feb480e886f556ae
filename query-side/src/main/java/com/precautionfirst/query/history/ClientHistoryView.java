package com.precautionfirst.query.history;

import com.precautionfirst.query.session.SessionView;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of the history endpoint: the client's record followed by its sessions in the order they started. It
 * is never stored whole: {@link #compose} joins the stored record and the stored sessions, which gives the bytes
 * {@code Documents.write} gives for this class (the record's fields, then {@code sessions}, the last field).
 */
public class ClientHistoryView extends ClientRecord {

    public List<SessionView> sessions = new ArrayList<>();

    private static final byte[] SESSIONS = ",\"sessions\":[".getBytes(StandardCharsets.UTF_8);

    /**
     * The answer from the stored record (a JSON object) and the stored session documents: the record's object with
     * a last field {@code sessions}. Copies bytes, parses nothing, so a read costs what the documents weigh.
     */
    public static byte[] compose(byte[] record, List<byte[]> sessions) {
        if (record.length < 2 || record[0] != '{' || record[record.length - 1] != '}' || record[1] == '}') {
            throw new IllegalArgumentException("a client record is a JSON object with at least its client id");
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream(
                record.length + SESSIONS.length + sessions.stream().mapToInt(s -> s.length + 1).sum() + 2);
        answer.write(record, 0, record.length - 1);
        answer.writeBytes(SESSIONS);
        for (int i = 0; i < sessions.size(); i++) {
            if (i > 0) {
                answer.write(',');
            }
            answer.writeBytes(sessions.get(i));
        }
        answer.write(']');
        answer.write('}');
        return answer.toByteArray();
    }
}
