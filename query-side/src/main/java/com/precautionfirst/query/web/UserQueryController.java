package com.precautionfirst.query.web;

import com.precautionfirst.query.users.UserList;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The user directory for the clinic admin (by QuerySecurityConfiguration). */
@RestController
public class UserQueryController {

    private final UserList users;

    public UserQueryController(UserList users) {
        this.users = users;
    }

    @Operation(summary = "Every user with role, insurer, active flag and who created, changed and deactivated the"
            + " account, when")
    @GetMapping("/api/users")
    public List<UserList.User> users() {
        return users.all();
    }
}
