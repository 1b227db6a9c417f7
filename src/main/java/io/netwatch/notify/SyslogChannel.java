package io.netwatch.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/**
 * Syslog recipients: RFC 5424 over UDP (one datagram a message) or TCP (one kept connection, octet-counted framing,
 * reopened after it closes). Syslog has no answer: over TCP an event is delivered once written to the socket.
 */
final class SyslogChannel implements Channel {
  private final Vertx vertx;
  private final Recipient recipient;
  private final String host;
  private final int port;
  private final boolean tcp;
  private final String format;
  private final String hostname = localHostname();
  private DatagramSocket udp;
  private NetClient netClient;
  private Future<NetSocket> connection;

  SyslogChannel(Vertx vertx, Recipient recipient) {
    this.vertx = vertx;
    this.recipient = recipient;
    this.host = recipient.setting("host");
    this.port = recipient.intSetting("port", 514);
    this.tcp = "tcp".equals(recipient.setting("protocol"));
    this.format = recipient.setting("format");
  }

  @Override
  public Future<DeliveryResult> deliver(OutboxEvent event) {
    String message = SyslogMessage.format(event, format, hostname, Instant.now());
    Future<Void> sent = tcp ? sendTcp(Buffer.buffer(SyslogMessage.octetCounted(message))) : sendUdp(message);
    return sent.map(v -> DeliveryResult.ok(0, (tcp ? "written to tcp " : "sent to udp ") + host + ":" + port))
        .otherwise(DeliveryResult::unreachable);
  }

  private Future<Void> sendUdp(String message) {
    if (udp == null) udp = vertx.createDatagramSocket();
    return udp.send(Buffer.buffer(message), port, host);
  }

  private Future<Void> sendTcp(Buffer framed) {
    if (netClient == null) {
      netClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(recipient.timeoutMs())
          .setTcpKeepAlive(true));
    }
    if (connection == null || connection.failed()) {
      Future<NetSocket> opening = netClient.connect(port, host);
      connection = opening;
      opening.onSuccess(socket -> socket.closeHandler(v -> {
        if (connection == opening) connection = null;
      }));
    }
    Future<NetSocket> current = connection;
    return current.compose(socket -> socket.write(framed)).onFailure(err -> {
      if (connection == current) connection = null;
    });
  }

  @Override
  public Future<Void> close() {
    Future<Void> closing = Future.succeededFuture();
    if (udp != null) closing = udp.close();
    if (netClient != null) closing = closing.eventually(() -> netClient.close());
    return closing;
  }

  private static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "netwatch";
    }
  }
}
