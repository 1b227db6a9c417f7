package io.netwatch.redis;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a Redis server keeps of the stream entries it acknowledged, read from its persistence settings
 * ({@code CONFIG GET appendonly}, {@code appendfsync}, {@code save}). Ingest answers 200 once Redis has an
 * entry, so an accepted packet is exactly as safe as this says. Pure: the replies are passed in.
 */
public record RedisDurability(Mode mode, String appendfsync, String save, String reason) {
  /** How the server persists; AOF wins over RDB when both are on, since a restart loads the AOF. */
  public enum Mode {
    AOF, RDB, NONE, UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String APPENDONLY = "appendonly";
  public static final String APPENDFSYNC = "appendfsync";
  public static final String SAVE = "save";

  /**
   * From the values of the three settings by name; a missing or unexpected value gives {@link Mode#UNKNOWN}.
   */
  public static RedisDurability fromConfig(Map<String, String> config) {
    String appendonly = config.get(APPENDONLY);
    String save = config.get(SAVE);
    if (appendonly == null || save == null) {
      return unknown("the server did not report " + (appendonly == null ? APPENDONLY : SAVE));
    }
    String fsync = config.get(APPENDFSYNC);
    boolean rdb = !save.isBlank();
    return switch (appendonly.strip().toLowerCase(Locale.ROOT)) {
      case "yes" -> fsync == null
          ? unknown("the server did not report " + APPENDFSYNC)
          : new RedisDurability(Mode.AOF, fsync.strip().toLowerCase(Locale.ROOT), rdb ? save.strip() : null, null);
      case "no" -> rdb ? new RedisDurability(Mode.RDB, null, save.strip(), null) : new RedisDurability(Mode.NONE,
          null, null, null);
      default -> unknown("unexpected appendonly value '" + appendonly + "'");
    };
  }

  /** When the settings cannot be read: CONFIG disabled or renamed, no permission, no answer. */
  public static RedisDurability unknown(String reason) {
    return new RedisDurability(Mode.UNKNOWN, null, null, reason);
  }

  /** "yes", "no" or "unknown". */
  public String persists() {
    return switch (mode) {
      case AOF, RDB -> "yes";
      case NONE -> "no";
      case UNKNOWN -> "unknown";
    };
  }

  /** What a crash of the Redis server (or its machine) costs in accepted packets. */
  public String guarantee() {
    return switch (mode) {
      case AOF -> switch (appendfsync) {
        case "always" -> "no accepted packet is lost on a Redis crash (every write is fsynced before the answer)";
        case "everysec" -> "at most about 1 s of accepted packets is lost on a Redis crash (appendfsync everysec)";
        default -> "the operating system decides when the AOF reaches the disk (appendfsync " + appendfsync
            + "): a machine crash loses up to its flush interval, often 30 s, of accepted packets";
      };
      case RDB -> "packets accepted since the last RDB snapshot are lost on a Redis crash (save " + save
          + "; appendonly no)";
      case NONE -> "every accepted packet still in the stream is lost when Redis stops (appendonly no, save \"\")";
      case UNKNOWN -> "cannot tell whether Redis persists (" + reason + "): check its appendonly and save settings";
    };
  }

  /** No persistence at all where PLATFORM_ENV=production: worth a loud warning on every start. */
  public boolean alarming(boolean production) {
    return production && mode == Mode.NONE;
  }

  /** For {@code GET /ready}: persists (yes/no/unknown), mode, the settings read, and the guarantee in words. */
  public Map<String, Object> describe() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("persists", persists());
    data.put("mode", mode.label());
    if (appendfsync != null) data.put(APPENDFSYNC, appendfsync);
    if (save != null) data.put(SAVE, save);
    if (reason != null) data.put("reason", reason);
    data.put("guarantee", guarantee());
    return data;
  }
}
