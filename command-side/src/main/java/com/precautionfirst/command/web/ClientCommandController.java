package com.precautionfirst.command.web;

import com.precautionfirst.api.commands.RegisterClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Client-record commands over HTTP (API.md, command-side table). */
@RestController
@RequestMapping("/api/clients")
public class ClientCommandController {

    private final CommandDispatcher dispatcher;

    public ClientCommandController(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public record RegisterClientRequest(
            @NotBlank @Size(max = 200) String name,
            @NotNull @PastOrPresent LocalDate dateOfBirth,
            @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String clientId) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, String> register(@Valid @RequestBody RegisterClientRequest body, HttpServletRequest request) {
        String clientId = body.clientId() != null ? body.clientId() : UUID.randomUUID().toString();
        String created = dispatcher.send(new RegisterClient(clientId, body.name().strip(), body.dateOfBirth()), request);
        return Map.of("clientId", created);
    }
}
