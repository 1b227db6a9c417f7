// Receive-only client of the Vert.x SockJS event-bus bridge: JSON frames "register", "unregister" and
// "ping" go out; "rec" and "err" come in. The server refuses anything sent by browsers, so this never
// offers send or publish.
'use strict';

class EventBusClient {
  constructor(url, { pingIntervalMs = 5000 } = {}) {
    this.url = url;
    this.pingIntervalMs = pingIntervalMs;
    this.handlers = new Map();
    this.onopen = null;
    this.onclose = null;
    this.onerror = null;
    this.socket = new SockJS(url);
    this.socket.onopen = () => {
      this.pingTimer = setInterval(() => this.sendFrame({ type: 'ping' }), this.pingIntervalMs);
      for (const address of this.handlers.keys()) this.sendFrame({ type: 'register', address, headers: {} });
      if (this.onopen) this.onopen();
    };
    this.socket.onclose = () => {
      clearInterval(this.pingTimer);
      if (this.onclose) this.onclose();
    };
    this.socket.onmessage = (event) => this.receive(event.data);
  }

  get open() {
    return this.socket.readyState === SockJS.OPEN;
  }

  registerHandler(address, handler) {
    if (!this.handlers.has(address)) {
      this.handlers.set(address, []);
      if (this.open) this.sendFrame({ type: 'register', address, headers: {} });
    }
    this.handlers.get(address).push(handler);
  }

  unregisterHandler(address) {
    if (this.handlers.delete(address) && this.open) this.sendFrame({ type: 'unregister', address, headers: {} });
  }

  close() {
    clearInterval(this.pingTimer);
    this.socket.close();
  }

  sendFrame(frame) {
    if (this.open) this.socket.send(JSON.stringify(frame));
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (frame.type === 'err') {
      if (this.onerror) this.onerror(frame);
      return;
    }
    for (const handler of this.handlers.get(frame.address) || []) handler(frame.body, frame);
  }
}

window.EventBusClient = EventBusClient;
