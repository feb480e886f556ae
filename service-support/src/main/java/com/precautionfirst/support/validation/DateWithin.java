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
import java.time.LocalDate;
import java.time.Period;

/**
 * A date from {@link #earliest} to today plus {@link #latestAfterToday}, today by the services' clock
 * (ClockConfiguration hands it to Bean Validation). {@code null} is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = DateWithin.Check.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface DateWithin {

    /** The earliest date accepted, ISO-8601. */
    String earliest() default "1900-01-01";

    /** How far after today a date may lie, as an ISO-8601 period; {@code P0D}: not after today. */
    String latestAfterToday() default "P0D";

    String message() default "is outside the accepted range";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<DateWithin, LocalDate> {
        private LocalDate earliest;
        private Period latestAfterToday;

        @Override
        public void initialize(DateWithin annotation) {
            earliest = LocalDate.parse(annotation.earliest());
            latestAfterToday = Period.parse(annotation.latestAfterToday());
        }

        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            LocalDate latest = LocalDate.now(context.getClockProvider().getClock()).plus(latestAfterToday);
            if (value == null || !value.isBefore(earliest) && !value.isAfter(latest)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be between " + earliest + " and " + latest)
                    .addConstraintViolation();
            return false;
        }
    }
}
