package com.precautionfirst.verifier;

public final class Main {
    public static void main(String[] args) {
    }
}
