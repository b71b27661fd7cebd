// A local webhook receiver for end-to-end tests: records every POST (headers and body) and
// answers with what `answer` says for it (204 by default).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  readonly headers: IncomingHttpHeaders;
  readonly id: string;
  readonly body: string;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedHook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(answer: (hook: ReceivedHook) => number = () => 204): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook = { headers: req.headers, id: String(req.headers['webhook-id'] ?? ''), body: Buffer.concat(chunks).toString('utf8') };
      received.push(hook);
      res.writeHead(answer(hook)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
