package com.precautionfirst.command.user;

import static com.precautionfirst.command.TestClients.as;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asTherapist;

import com.precautionfirst.api.commands.ChangePassword;
import com.precautionfirst.api.commands.CreateUserAccount;
import com.precautionfirst.api.commands.DeactivateUserAccount;
import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import com.precautionfirst.api.events.UserPasswordChanged;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class ManagingUserAccountsTest {

    private static final String CAROL = "user:carol";
    private final AggregateTestFixture<UserAccount> fixture = new AggregateTestFixture<>(UserAccount.class);

    @Test
    void theAdminGrantsARole() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount(CAROL, "carol", Role.THERAPIST, null), asAdmin())
                .expectEvents(new UserAccountCreated("carol", Role.THERAPIST, null));
    }

    @Test
    void aTherapistMayNotGrantRoles() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount(CAROL, "carol", Role.CLINIC_ADMIN, null), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void anExistingUserIsNotCreatedAgain() {
        fixture.given(new UserAccountCreated("carol", Role.THERAPIST, null))
                .when(new CreateUserAccount(CAROL, "carol", Role.CLINIC_ADMIN, null), asAdmin())
                .expectException(UserAlreadyExistsException.class)
                .expectNoEvents();
    }

    @Test
    void anInsurerNeedsItsInsurerId() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount("user:ins", "ins", Role.INSURER, null), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("insurerId is required for an INSURER");
    }

    @Test
    void onlyAnInsurerHasAnInsurerId() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount(CAROL, "carol", Role.AUDITOR, "INS-X"), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("insurerId is only for an INSURER");
    }

    @Test
    void aUserChangesTheirOwnPassword() {
        fixture.given(new UserAccountCreated("carol", Role.THERAPIST, null))
                .when(new ChangePassword(CAROL, "carol"), as("carol", "THERAPIST"))
                .expectEvents(new UserPasswordChanged("carol"));
    }

    @Test
    void theAdminResetsAPassword() {
        fixture.given(new UserAccountCreated("carol", Role.THERAPIST, null))
                .when(new ChangePassword(CAROL, "carol"), asAdmin())
                .expectEvents(new UserPasswordChanged("carol"));
    }

    @Test
    void nobodyElseChangesAPassword() {
        fixture.given(new UserAccountCreated("carol", Role.THERAPIST, null))
                .when(new ChangePassword(CAROL, "carol"), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void theAdminDeactivatesAUser() {
        fixture.given(new UserAccountCreated("carol", Role.THERAPIST, null))
                .when(new DeactivateUserAccount(CAROL, "carol", "left the clinic"), asAdmin())
                .expectEvents(new UserAccountDeactivated("carol", "left the clinic"));
    }

    @Test
    void deactivatingAgainChangesNothing() {
        fixture.given(new UserAccountCreated("carol", Role.THERAPIST, null),
                        new UserAccountDeactivated("carol", "left the clinic"))
                .when(new DeactivateUserAccount(CAROL, "carol", "again"), asAdmin())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anAdminCannotDeactivateThemself() {
        fixture.given(new UserAccountCreated("admin", Role.CLINIC_ADMIN, null))
                .when(new DeactivateUserAccount("user:admin", "admin", "oops"), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void aTherapistMayNotDeactivateUsers() {
        fixture.given(new UserAccountCreated("carol", Role.THERAPIST, null))
                .when(new DeactivateUserAccount(CAROL, "carol", "rivalry"), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }
}
