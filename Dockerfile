# The platform's image: the jar the build makes (mvn -DskipTests package -> target/netwatch.jar), its config
# and its web page. One image for every role; the command picks the role's config (conf/nodes/*.json).
#   mvn -B -DskipTests package && docker compose up -d --build
FROM eclipse-temurin:21-jre
WORKDIR /app
COPY target/netwatch.jar /app/netwatch.jar
COPY conf /app/conf
COPY webroot /app/webroot
# Not root: the platform needs no privilege.
USER 65534:65534
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:NewRatio=1", "-jar", "/app/netwatch.jar"]
CMD ["-conf", "conf/platform.json"]
