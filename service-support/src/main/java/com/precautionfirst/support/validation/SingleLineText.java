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
 * A name, number or label: one line of visible text of at most {@link #max} characters ({@link Texts}). Empty or
 * blank-looking text is refused; {@code null} is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = SingleLineText.Check.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface SingleLineText {

    int max() default 200;

    String message() default "must be one line of visible text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<SingleLineText, String> {
        private int max;

        @Override
        public void initialize(SingleLineText annotation) {
            max = annotation.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Texts.check(value, false, max, context);
        }
    }
}
