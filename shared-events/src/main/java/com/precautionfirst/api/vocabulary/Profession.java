package com.precautionfirst.api.vocabulary;

/** The professions whose clearance the clinic accepts. */
public enum Profession {
    PHYSICIAN, PHYSIOTHERAPIST, CHIROPRACTOR, OSTEOPATH
}
