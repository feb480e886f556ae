package com.precautionfirst.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.precautionfirst.support.SupportTestApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API.md: production can switch to OAuth2 bearer tokens (JWT) by configuration alone. */
@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SwitchingToBearerTokensTest {

    private static final KeyPair ISSUER = rsa();
    private static final KeyPair STRANGER = rsa();

    @DynamicPropertySource
    static void jwtMode(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("jwt-mode");
        Path publicKey = dir.resolve("issuer.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("treatment.data-dir", dir::toString);
        registry.add("treatment.security.mode", () -> "JWT");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + publicKey);
        registry.add("treatment.security.jwt.issuer", () -> ISSUER_ID);
        registry.add("treatment.security.jwt.audience", () -> AUDIENCE);
    }

    private static final String ISSUER_ID = "https://login.clinic.example";
    private static final String AUDIENCE = "treatment-records";

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    /** The directory, as the command side keeps it: it, not the token, names each subject's role. */
    @BeforeEach
    void directory() {
        jdbc.update("DELETE FROM app_user");
        jdbc.update("INSERT INTO app_user (user_id, role, insurer_id, active, password_hash) VALUES"
                + " ('therapist-a', 'THERAPIST', NULL, TRUE, '!'), ('insurer-x', 'INSURER', 'INS-X', TRUE, '!'),"
                + " ('gone', 'THERAPIST', NULL, FALSE, '!')");
    }

    @Test
    void aSignedTokenNamesTheCallerAndRole() throws Exception {
        ResponseEntity<String> response = whoami(token(ISSUER, "therapist-a", "THERAPIST"));
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"userId\":\"therapist-a\"").contains("\"role\":\"THERAPIST\"");
    }

    @Test
    void noTokenIsUnauthenticated() {
        ResponseEntity<String> response = http.getForEntity("/api/whoami", String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody()).contains("\"status\":401");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        assertThat(whoami(token(STRANGER, "therapist-a", "THERAPIST")).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aRoleThatMayNotReadIsForbidden() throws Exception {
        assertThat(whoami(token(ISSUER, "insurer-x", "INSURER")).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theDirectoryNotTheTokenDecidesTheRole() throws Exception {
        ResponseEntity<String> response = whoami(token(ISSUER, "therapist-a", "CLINIC_ADMIN"));
        assertThat(response.getBody()).contains("\"role\":\"THERAPIST\"");
    }

    @Test
    void aSubjectThatIsNotAnActiveUserIsUnauthenticated() throws Exception {
        assertThat(whoami(token(ISSUER, "gone", "THERAPIST")).getStatusCode().value()).isEqualTo(401);
        assertThat(whoami(token(ISSUER, "nobody", "THERAPIST")).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        assertThat(whoami(sign(ISSUER, claims("therapist-a").expirationTime(null).build())).getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        assertThat(whoami(sign(ISSUER, claims("therapist-a").issuer("https://evil.example").build()))
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        assertThat(whoami(sign(ISSUER, claims("therapist-a").audience("another-service").build()))
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void basicCredentialsNoLongerWork() {
        assertThat(http.withBasicAuth("admin", "demo").getForEntity("/api/whoami", String.class)
                .getStatusCode().value()).isEqualTo(401);
    }

    private ResponseEntity<String> whoami(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/whoami", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static String token(KeyPair key, String subject, String role) throws Exception {
        return sign(key, claims(subject).claim("role", role).build());
    }

    /** What a valid token says: subject, issuer, audience, issued now, expiring in five minutes. */
    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER_ID).audience(AUDIENCE)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    private static String sign(KeyPair key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
