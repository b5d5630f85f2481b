/**
 * A local HTTP server standing in for the Resend API (POST /emails), so tests exercise the real
 * SDK over the network without leaving the machine. It honours Idempotency-Key as Resend does: a
 * second request with a key it has accepted returns the first answer and delivers nothing new.
 *
 * Modes, set by tests through POST /__control/mode {"mode": …}:
 *   ok    deliver and answer 200 {"id"}
 *   down  answer 500 without delivering
 *   slow  deliver (the message is accepted) but hold the answer far beyond the client's timeout,
 *         the worst case for at-most-once delivery
 * GET /__control/deliveries lists what was delivered; POST /__control/reset clears everything.
 *
 * Used as a vitest globalSetup (functions config) and by scripts that need a mail API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TestProject } from 'vitest/node';

export interface Delivery {
  id: string;
  idempotencyKey: string | null;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

type Mode = 'ok' | 'down' | 'slow';

export interface MailStandin {
  port: number;
  url: string;
  close: () => Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startMailStandin(port = 0): Promise<MailStandin> {
  let mode: Mode = 'ok';
  let requests = 0;
  const deliveries: Delivery[] = [];
  const byKey = new Map<string, { id: string }>();
  const held = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.url === '/__control/mode' && req.method === 'POST') {
        mode = (JSON.parse(body) as { mode: Mode }).mode;
        return send(res, 200, { mode });
      }
      if (req.url === '/__control/reset' && req.method === 'POST') {
        mode = 'ok';
        requests = 0;
        deliveries.length = 0;
        byKey.clear();
        return send(res, 200, { ok: true });
      }
      if (req.url === '/__control/deliveries') return send(res, 200, { requests, deliveries });
      if (req.url !== '/emails' || req.method !== 'POST')
        return send(res, 404, { name: 'not_found', message: 'not found' });

      requests++;
      if (!String(req.headers.authorization ?? '').startsWith('Bearer re_')) {
        return send(res, 401, { name: 'missing_api_key', message: 'Missing API key', statusCode: 401 });
      }
      if (mode === 'down')
        return send(res, 500, { name: 'internal_server_error', message: 'stand-in is down', statusCode: 500 });
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const earlier = key ? byKey.get(key) : undefined;
      let answer = earlier;
      if (!answer) {
        const email = JSON.parse(body) as { to: string[] | string; subject: string; html: string; text: string };
        answer = { id: `standin-${deliveries.length + 1}` };
        deliveries.push({
          id: answer.id,
          idempotencyKey: key,
          to: Array.isArray(email.to) ? email.to : [email.to],
          subject: email.subject,
          html: email.html,
          text: email.text,
        });
        if (key) byKey.set(key, answer);
      }
      if (mode === 'slow') {
        held.add(res);
        setTimeout(() => {
          held.delete(res);
          if (!res.writableEnded) send(res, 200, answer);
        }, 30_000).unref();
        return;
      }
      send(res, 200, answer);
    })().catch((e: unknown) => send(res, 400, { name: 'bad_request', message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    mailStandinUrl: string;
  }
}

let running: MailStandin | undefined;

export async function setup(project: TestProject): Promise<void> {
  running = await startMailStandin(Number(process.env.MAIL_STANDIN_PORT ?? 0));
  project.provide('mailStandinUrl', running.url);
}

export async function teardown(): Promise<void> {
  await running?.close();
}
