package com.precautionfirst.support.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A note, reason, description or correction: visible text of at most {@link #max} characters that may span lines
 * (newline and tab allowed, every other control character refused: {@link Texts}). Empty or blank-looking text is
 * refused; {@code null} is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = FreeText.Check.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface FreeText {

    int max() default 2000;

    String message() default "must be visible text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<FreeText, String> {
        private int max;

        @Override
        public void initialize(FreeText annotation) {
            max = annotation.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Texts.check(value, true, max, context);
        }
    }
}
