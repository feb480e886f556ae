package com.precautionfirst.query.assessment;

import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.InMemoryRecord;
import com.precautionfirst.query.assessment.PrecautionAssessment.Check;
import com.precautionfirst.query.assessment.PrecautionAssessment.CheckName;

/** A realistic client folded in memory, and a one-line way to read a session's checks. */
abstract class AssessmentFixture {

    static final String CLIENT = "maria";
    static final String SESSION = "maria-s1";

    final InMemoryRecord record = new InMemoryRecord(CLIENT);
    final ClientStory story = new ClientStory(record).realisticClient(CLIENT);

    ClientStory.Session session() {
        return story.session(CLIENT, SESSION);
    }

    PrecautionAssessment assessment() {
        return record.session(SESSION).assessment;
    }

    Check check(CheckName name) {
        return assessment().check(name);
    }
}
