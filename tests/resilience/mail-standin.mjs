// A local stand-in for the Resend API (POST /emails). Modes: ok, error (HTTP 500) and hang (never
// answers until switched back). Counts deliveries by Idempotency-Key so "exactly once" can be checked.
import { createServer } from 'node:http';

/** Listens on `port`, by default a free one (see `url`). */
export async function startMailStandin(port = 0) {
  const state = { mode: 'ok', delivered: new Map(), attempts: 0, hanging: [] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      state.attempts++;
      if (state.mode === 'hang') {
        state.hanging.push(res);
        return;
      }
      if (state.mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"stand-in outage"}');
        return;
      }
      const key = req.headers['idempotency-key'] ?? `no-key-${state.attempts}`;
      state.delivered.set(key, (state.delivered.get(key) ?? 0) + 1);
      let to = '';
      try {
        to = JSON.parse(body).to;
      } catch {
        /* counted all the same */
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `standin-${state.attempts}`, to }));
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    setMode(mode) {
      state.mode = mode;
      if (mode !== 'hang') for (const res of state.hanging.splice(0)) res.destroy();
    },
    close: () =>
      new Promise((r) => {
        for (const res of state.hanging.splice(0)) res.destroy();
        server.close(() => r());
        server.closeAllConnections?.();
      }),
  };
}
