package io.netwatch.notify;

/** Event-bus addresses of notify/ (not browser-visible). */
public final class NotifyAddresses {
  /** Published {"id": n} when a recipient is created, replaced or deleted: notifiers reload their recipients. */
  public static final String RECIPIENTS_CHANGED = "notify.recipients.changed";

  private NotifyAddresses() {
  }
}
