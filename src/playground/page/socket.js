/* global location, WebSocket, setTimeout */
/**
 * The one WebSocket to the playground server at /ws (same origin), which
 * reconnects by itself, backing off up to 5 seconds; and what every event
 * the page sends carries.
 */
import { showError, state, ui } from './state.js';

let retry = 500;

/**
 * Opens the socket; every event the server sends goes to `onEvent`.
 * @param {(event: any) => void} onEvent
 */
export function connect(onEvent) {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  state.ws = ws;
  ws.addEventListener('open', () => {
    retry = 500;
    ui.connection.textContent = 'Connected';
    ui.connection.className = 'connection ok';
  });
  ws.addEventListener('message', (e) => {
    let event;
    try {
      event = JSON.parse(String(e.data));
    } catch {
      return;
    }
    onEvent(event);
  });
  ws.addEventListener('close', () => {
    if (state.ws !== ws) return;
    state.ws = null;
    ui.connection.textContent = 'Disconnected: reconnecting…';
    ui.connection.className = 'connection bad';
    setTimeout(() => connect(onEvent), retry);
    retry = Math.min(retry * 2, 5000);
  });
}

/** @param {any} event */
export function send(event) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) {
    showError('Not connected to the playground server. Is `npm start` still running?');
    return false;
  }
  state.ws.send(JSON.stringify(event));
  return true;
}

export function nonce() {
  state.nonce += 1;
  return `n${Date.now().toString(36)}-${state.nonce}`;
}

/** The person acting: who, in which Discord language, from which channel. */
export function actor(channelId = state.channelId) {
  return { userId: state.userId, locale: state.locale, channelId };
}
