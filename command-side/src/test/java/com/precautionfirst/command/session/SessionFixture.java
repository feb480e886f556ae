package com.precautionfirst.command.session;

import org.axonframework.test.aggregate.AggregateTestFixture;

final class SessionFixture {

    private SessionFixture() {
    }

    static AggregateTestFixture<TreatmentSession> create() {
        return new AggregateTestFixture<>(TreatmentSession.class);
    }
}
