# The query-side from the jar the build made (./mvnw -DskipTests package); build context: the repository root
# (docker compose -f docker/docker-compose.yml build). Needs no network beyond pulling the base image.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY query-side/target/query-side.jar /app/query-side.jar
# not root: the service needs no privilege
USER 1000:1000
EXPOSE 8081
ENV SPRING_PROFILES_ACTIVE=postgres
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/query-side.jar"]
