package io.netwatch.capture;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * {@code netwatch sensor}: reads a pcap or pcapng capture (a file, or standard input for live capture through
 * tcpdump) and delivers its packets to ingest as telemetry. Options and exit codes: docs/sensor.md.
 */
@Command(name = "netwatch sensor", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Reads a pcap or pcapng capture and sends each IP packet to ingest as telemetry.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every packet read and acknowledged", "1:an unexpected failure (the line says what)", "2:wrong option", "3:unreadable file",
        "4:not a pcap or pcapng capture", "5:unknown link type", "6:truncated capture (what came before was sent)",
        "7:ingest refused the token (401)", "8:packets lost (spool full, or a batch rejected)"})
public final class SensorCommand implements Callable<Integer> {
  static final String DEVELOPMENT_TOKEN = "dev-ingest-token";

  @Option(names = "--read", required = true, paramLabel = "FILE|-", description = "capture to read; - for standard input")
  String read;
  @Option(names = "--ingest", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080/ingest", description = "the ingest route; default ${DEFAULT-VALUE}")
  String ingest;
  @Option(names = "--token", paramLabel = "T", description = "default $INGESTION_TOKEN, else the development token")
  String token;
  @Option(names = "--name", paramLabel = "N", description = "the sensor's name, sent with every packet; default the host name")
  String name;
  @Option(names = "--speed", paramLabel = "max|1|N", defaultValue = "max",
      description = "max: as fast as the platform takes it; 1: real time; N: N times real time")
  String speed;
  @Option(names = "--batch", paramLabel = "N", defaultValue = "500", description = "packets per request (1-10000)")
  int batch;
  @Option(names = "--linger-ms", paramLabel = "M", defaultValue = "500", description = "longest wait to fill a batch")
  long lingerMs;
  @Option(names = "--spool", paramLabel = "DIR", description = "on-disk spool while the platform is unreachable")
  Path spool;
  @Option(names = "--spool-max-mb", paramLabel = "M", defaultValue = "256", description = "spool bound; the oldest batches go first")
  long spoolMaxMb;
  @Option(names = "--payload-bytes", paramLabel = "N", defaultValue = "64", description = "payload bytes sent as payload_hex (0-32768)")
  int payloadBytes;
  @Option(names = "--max-sources", paramLabel = "N", defaultValue = "" + SourceRates.DEFAULT_CAPACITY,
      description = "sources whose packet rate is tracked; the least recently seen is forgotten past it")
  int maxSources;
  @Option(names = "--gzip", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "compress requests (Content-Encoding: gzip); default on")
  boolean gzip;
  @Option(names = "--dry-run", description = "read and encode, send nothing (parse rate)")
  boolean dryRun;
  @Option(names = "--quiet", description = "no progress display")
  boolean quiet;

  private final InputStream stdin;
  private final PrintStream err;
  private final Map<String, String> environment;

  SensorCommand(InputStream stdin, PrintStream err, Map<String, String> environment) {
    this.stdin = stdin;
    this.err = err;
    this.environment = environment;
  }

  /** Runs the sensor with the process's standard input, standard error and environment; returns the exit code. */
  public static int run(String... args) {
    return run(System.in, System.err, System.getenv(), args);
  }

  public static int run(InputStream stdin, PrintStream err, Map<String, String> environment, String... args) {
    CommandLine line = new CommandLine(new SensorCommand(stdin, err, environment));
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Override
  public Integer call() {
    SensorSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      return fail(ExitCodes.USAGE, e.getMessage());
    }
    InputStream input;
    long size = -1;
    try {
      if ("-".equals(read)) {
        input = stdin;
      } else {
        Path file = Path.of(read);
        input = Files.newInputStream(file);
        size = Files.size(file);
      }
    } catch (NoSuchFileException e) {
      return fail(ExitCodes.UNREADABLE, read + ": no such file");
    } catch (IOException | RuntimeException e) {
      return fail(ExitCodes.UNREADABLE, read + ": cannot be read (" + e.getMessage() + ")");
    }
    try (input) {
      CaptureReader reader;
      try {
        reader = CaptureReader.open(input);
      } catch (CaptureFormatException e) {
        return fail(ExitCodes.forFormat(e), read + ": " + e.getMessage());
      }
      return new SensorRun(settings, reader, size, err).call();
    } catch (IOException e) {
      return fail(ExitCodes.UNREADABLE, read + ": read failed (" + e.getMessage() + ")");
    } catch (InterruptedException | CancellationException e) {
      return fail(ExitCodes.FAILED, "interrupted");
    }
  }

  private SensorSettings settings() {
    double multiplier;
    if ("max".equals(speed)) {
      multiplier = 0;
    } else {
      try {
        multiplier = Double.parseDouble(speed);
      } catch (NumberFormatException e) {
        multiplier = -1;
      }
      if (!(multiplier > 0) || Double.isInfinite(multiplier)) throw new IllegalArgumentException("--speed must be max or a number above 0");
    }
    if (batch < 1 || batch > 10_000) throw new IllegalArgumentException("--batch must be from 1 to 10000");
    if (lingerMs < 1 || lingerMs > 60_000) throw new IllegalArgumentException("--linger-ms must be from 1 to 60000");
    if (spoolMaxMb < 1) throw new IllegalArgumentException("--spool-max-mb must be at least 1");
    if (payloadBytes < 0 || payloadBytes > 32_768) throw new IllegalArgumentException("--payload-bytes must be from 0 to 32768");
    if (maxSources < 1) throw new IllegalArgumentException("--max-sources must be at least 1");
    String sensorName = name != null ? name : hostName();
    if (sensorName.isEmpty() || sensorName.length() > 64 || sensorName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("--name must be 1 to 64 printable characters");
    }
    String ingestToken = token != null ? token : environment.getOrDefault("INGESTION_TOKEN", DEVELOPMENT_TOKEN);
    return new SensorSettings(ingestUrl(), ingestToken, sensorName, multiplier, batch, lingerMs, spool,
        spoolMaxMb * 1024 * 1024, payloadBytes, maxSources, gzip, dryRun, quiet);
  }

  private String ingestUrl() {
    try {
      URI uri = new URI(ingest);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("--ingest must be an http or https URL, e.g. http://127.0.0.1:8080/ingest");
      }
      return ingest;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--ingest is not a URL: " + e.getMessage());
    }
  }

  private String hostName() {
    String host = environment.get("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = Files.readString(Path.of("/etc/hostname")).strip();
      } catch (IOException | RuntimeException e) {
        host = "sensor";
      }
    }
    return host.length() > 64 ? host.substring(0, 64) : host;
  }

  private int fail(int code, String message) {
    err.println("netwatch sensor: " + message);
    return code;
  }
}
