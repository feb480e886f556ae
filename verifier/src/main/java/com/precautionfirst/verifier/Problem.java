package com.precautionfirst.verifier;

/**
 * One thing found wrong: {@code where} names the document (a checkpoint by its tree size, a proof, the file it came
 * from), {@code what} says what is wrong with it, naming sizes, hashes and keys.
 */
public record Problem(String where, String what) {

    /** "where: what", the form the command line prints. */
    public String line() {
        return where + ": " + what;
    }
}
