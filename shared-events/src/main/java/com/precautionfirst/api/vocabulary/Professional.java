package com.precautionfirst.api.vocabulary;

/** The health professional who issued a clearance. */
public record Professional(String name, Profession profession, String licenseNumber) {
}
