package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine here: what can be checked without one. The compose file parses; its services use the postgres
 * profile and only environment variables the application's configuration reads; their ports are the ones the
 * services listen on and the Dockerfiles expose; the Dockerfiles copy the jars this build made; the query side's
 * signing key is a secret from a file, never a value in the compose file.
 */
class DockerFilesMatchTheBuildIT {

    static final Path ROOT = ServiceProcess.root();
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:([^}]*))?}");
    static final Map<String, String> PORT_VARIABLE = Map.of("command-side", "COMMAND_SIDE_PORT",
            "query-side", "QUERY_SIDE_PORT");

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(ROOT.resolve("docker/docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String name) throws IOException {
        return (Map<String, String>) service(name).get("environment");
    }

    /** Environment variables the service's configuration reads, with their defaults. */
    static Map<String, String> configuredVariables(String module) throws IOException {
        Map<String, String> variables = new java.util.HashMap<>();
        for (Path file : List.of(ROOT.resolve("service-support/src/main/resources/treatment-common.yml"),
                ROOT.resolve(module + "/src/main/resources/application.yml"))) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            while (m.find()) {
                variables.put(m.group(1), m.group(3));
            }
        }
        return variables;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileRunsPostgresAndBothServices() throws IOException {
        assertThat(((Map<String, Object>) compose().get("services")).keySet())
                .containsExactlyInAnyOrder("postgres", "command-side", "query-side");
        assertThat(service("postgres").get("image")).isEqualTo("postgres:15");
    }

    @Test
    void bothServicesRunTheProductionProfileWithVariablesTheApplicationReads() throws IOException {
        Map<String, String> database = environment("postgres");
        for (String name : PORT_VARIABLE.keySet()) {
            Map<String, String> env = environment(name);
            assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "postgres");
            Set<String> known = new HashSet<>(configuredVariables(name).keySet());
            known.add("SPRING_PROFILES_ACTIVE");
            if (name.equals("query-side")) {
                // read by the query side's checkpoint signing (decision 0040), held by the test below
                known.add("TREATMENT_SIGNING_KEY");
            }
            assertThat(known).as("variables of %s the configuration reads", name).containsAll(env.keySet());
            assertThat(env).containsKeys("TREATMENT_DB_URL", "TREATMENT_DB_USER", "TREATMENT_DB_PASSWORD");
            assertThat(env.get("TREATMENT_DB_URL"))
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + database.get("POSTGRES_DB"));
            assertThat(env.get("TREATMENT_DB_USER")).isEqualTo(database.get("POSTGRES_USER"));
            assertThat(env.get("TREATMENT_DB_PASSWORD")).isEqualTo(database.get("POSTGRES_PASSWORD"));
        }
        Map<String, String> commandSide = environment("command-side");
        assertThat(commandSide).as("the first admin's password, required").containsKey("TREATMENT_ADMIN_PASSWORD");
        assertThat(commandSide.get("TREATMENT_ADMIN_PASSWORD")).as("never the demo password").doesNotContain("demo");
        assertThat(environment("query-side")).as("the query side seeds nobody")
                .doesNotContainKeys("TREATMENT_ADMIN_PASSWORD", "TREATMENT_DEMO_PASSWORD");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theQuerySidesSigningKeyIsASecretFromAFile() throws IOException {
        assertThat(environment("query-side")).containsEntry("TREATMENT_SIGNING_KEY", "/run/secrets/signing_key");
        assertThat((List<String>) service("query-side").get("secrets")).containsExactly("signing_key");
        Map<String, Map<String, String>> secrets = (Map<String, Map<String, String>>) compose().get("secrets");
        String file = secrets.get("signing_key").get("file");
        Matcher variable = PLACEHOLDER.matcher(file);
        assertThat(variable.matches()).as("the key file is named by the environment, not here: %s", file).isTrue();
        assertThat(variable.group(1)).isEqualTo("TREATMENT_SIGNING_KEY_FILE");
        assertThat(variable.group(3)).as("required, with a hint how to make one").startsWith("?").contains("openssl");
        assertThat(Files.readString(ROOT.resolve("docker/docker-compose.yml"))).doesNotContain("PRIVATE KEY");
        assertThat(environment("command-side")).as("only the query side signs, so only it reads the key")
                .doesNotContainKey("TREATMENT_SIGNING_KEY");
        assertThat(service("command-side")).doesNotContainKey("secrets");
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedPortsAreTheOnesTheServicesListenOnAndExpose() throws IOException {
        for (Map.Entry<String, String> service : PORT_VARIABLE.entrySet()) {
            String name = service.getKey();
            String port = environment(name).getOrDefault(service.getValue(),
                    configuredVariables(name).get(service.getValue()));
            List<String> ports = (List<String>) service(name).get("ports");
            assertThat(ports).as("ports of %s", name).containsExactly(port + ":" + port);
            assertThat(dockerfile(name)).as("Dockerfile of %s", name).containsPattern("(?m)^EXPOSE " + port + "$");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDockerfilesCopyTheJarsThisBuildMade() throws IOException {
        for (String name : PORT_VARIABLE.keySet()) {
            Map<String, String> build = (Map<String, String>) service(name).get("build");
            Path context = ROOT.resolve("docker").resolve(build.get("context")).normalize();
            assertThat(context).isEqualTo(ROOT);
            assertThat(ROOT.resolve(build.get("dockerfile"))).isEqualTo(ROOT.resolve("docker/" + name + ".Dockerfile"));
            String dockerfile = dockerfile(name);
            assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
            Matcher copy = Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(dockerfile);
            assertThat(copy.find()).as("a COPY in the Dockerfile of %s", name).isTrue();
            Path jar = context.resolve(copy.group(1)).normalize();
            assertThat(jar).isEqualTo(ServiceProcess.Service.valueOf(name.toUpperCase().replace('-', '_')).jar());
            assertThat(jar).as("built by this build").isRegularFile();
            assertThat(dockerfile).contains("\"-jar\", \"" + copy.group(2) + "\"");
            assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!" + copy.group(1));
        }
    }

    static String dockerfile(String service) throws IOException {
        return Files.readString(ROOT.resolve("docker/" + service + ".Dockerfile"));
    }
}
