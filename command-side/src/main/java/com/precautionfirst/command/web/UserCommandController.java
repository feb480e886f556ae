package com.precautionfirst.command.web;

import com.precautionfirst.api.commands.ChangePassword;
import com.precautionfirst.api.commands.CreateUserAccount;
import com.precautionfirst.api.commands.DeactivateUserAccount;
import com.precautionfirst.api.commands.UserAccounts;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.pipeline.CommandRequest;
import com.precautionfirst.command.pipeline.CommandRunner;
import com.precautionfirst.command.user.UserDirectoryTable;
import com.precautionfirst.support.validation.FreeText;
import com.precautionfirst.support.web.InvalidInputException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user directory's commands (API.md). A password is checked here, hashed once (BCrypt) and written beside the
 * command's event, never into it; the body that identifies a request for its Idempotency-Key leaves the password
 * out, so not even a fast hash of it is stored.
 */
@RestController
@RequestMapping("/api/users")
public class UserCommandController {

    static final int MIN_PASSWORD_LENGTH = 12;
    /** BCrypt reads at most 72 bytes; a longer password would be silently cut. */
    static final int MAX_PASSWORD_BYTES = 72;

    private final CommandRunner runner;
    private final UserDirectoryTable directory;
    private final PasswordEncoder encoder;

    public UserCommandController(CommandRunner runner, UserDirectoryTable directory, PasswordEncoder encoder) {
        this.runner = runner;
        this.directory = directory;
        this.encoder = encoder;
    }

    public record CreateUserRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String userId,
            @NotNull Role role,
            @NotNull @Size(max = 200) String password,
            @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String insurerId) {

        CreateUserRequest withoutPassword() {
            return new CreateUserRequest(userId, role, null, insurerId);
        }
    }

    public record ChangePasswordRequest(@NotNull @Size(max = 200) String password) {
    }

    public record DeactivateUserRequest(@NotNull @FreeText String reason) {
    }

    @ApiResponse(responseCode = "201",
            content = @Content(schema = @Schema(implementation = Created.NewUser.class)))
    @PostMapping
    public ResponseEntity<String> create(@Valid @RequestBody CreateUserRequest body, HttpServletRequest request) {
        String hash = hash(body.userId(), body.password());
        return runner.run(request, CommandRequest.to(UserAccounts.streamId(body.userId()), body.withoutPassword(),
                        new CreateUserAccount(UserAccounts.streamId(body.userId()), body.userId(), body.role(),
                                body.insurerId()))
                .created(accepted -> new Created.NewUser(body.userId()))
                .alsoWriting(() -> directory.setPasswordHash(body.userId(), hash)));
    }

    @PostMapping("/{userId}/password")
    public ResponseEntity<String> changePassword(@PathVariable String userId,
                                                 @Valid @RequestBody ChangePasswordRequest body,
                                                 HttpServletRequest request) {
        String hash = hash(userId, body.password());
        return runner.run(request, CommandRequest.to(UserAccounts.streamId(userId), Map.of(),
                        new ChangePassword(UserAccounts.streamId(userId), userId))
                .alsoWriting(() -> directory.setPasswordHash(userId, hash)));
    }

    @PostMapping("/{userId}/deactivation")
    public ResponseEntity<String> deactivate(@PathVariable String userId,
                                             @Valid @RequestBody DeactivateUserRequest body,
                                             HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(UserAccounts.streamId(userId), body,
                new DeactivateUserAccount(UserAccounts.streamId(userId), userId, body.reason())));
    }

    /** At least 12 characters, at most 72 bytes, and not made from the user id. */
    private String hash(String userId, String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidInputException("password", "must have at most " + MAX_PASSWORD_BYTES + " bytes (UTF-8)");
        }
        if (password.toLowerCase(Locale.ROOT).contains(userId.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("password", "must not contain the user id");
        }
        return encoder.encode(password);
    }
}
