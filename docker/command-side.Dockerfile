# The command-side from the jar the build made (./mvnw -DskipTests package); build context: the repository root
# (docker compose -f docker/docker-compose.yml build). Needs no network beyond pulling the base image.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY command-side/target/command-side.jar /app/command-side.jar
# not root: the service needs no privilege
USER 1000:1000
EXPOSE 8080
ENV SPRING_PROFILES_ACTIVE=postgres
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/command-side.jar"]
