package com.precautionfirst.api.vocabulary;

public enum Technique {
    LIGHT_STROKING, KNEADING, DEEP_VIBRATION, TRIGGER_POINT, STRETCHING, MYOFASCIAL_RELEASE
}
