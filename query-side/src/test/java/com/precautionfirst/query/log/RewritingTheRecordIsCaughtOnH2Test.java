package com.precautionfirst.query.log;

/** The attacks on the embedded default's database (H2: no triggers, one user who may do anything). */
class RewritingTheRecordIsCaughtOnH2Test extends RewritingTheRecordIsCaught {

    @Override
    LogOnADatabase open() {
        return LogOnADatabase.h2();
    }

    @Override
    boolean postgres() {
        return false;
    }
}
