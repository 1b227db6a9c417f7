package io.netwatch.capture;

import java.nio.file.Path;

/** The sensor's options once checked. {@code speed} 0 is max; {@code spool} null is none. */
record SensorSettings(String ingestUrl, String token, String name, double speed, int batch, long lingerMs, Path spool,
    long spoolMaxBytes, int payloadBytes, int maxSources, boolean gzip, boolean dryRun, boolean quiet) {
}
