package com.precautionfirst.command.client;

/** Who the clinic's therapists are: a client can only be assigned to one of them. */
@FunctionalInterface
public interface TherapistDirectory {

    boolean isTherapist(String userId);
}
