import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { readBody } from './httpServer.js';
import type { WireResponse } from './wireProtocol.js';

/** Headers that belong to one hop and must not be copied as they are. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'expect', 'te', 'upgrade']);

/**
 * Sends a received request on to `target` with `body` (the original bytes, or a rewritten JSON
 * body, in which case `keepEncoding` is false and any `content-encoding` is dropped) and reads
 * the whole answer. The SigV4 signature is copied but no longer matches a rewritten body; the
 * emulators do not verify signatures.
 */
export function forwardRequest(
  request: IncomingMessage,
  target: URL,
  agent: Agent,
  body: Buffer,
  keepEncoding: boolean,
): Promise<WireResponse> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_HEADERS.has(name)) continue;
    if (name === 'content-encoding' && !keepEncoding) continue;
    headers[name] = value;
  }
  headers.host = target.host;
  headers['content-length'] = String(body.length);
  const url = new URL(request.url ?? '/', target);
  return new Promise<WireResponse>((resolve, reject) => {
    const upstream = httpRequest(url, { method: request.method ?? 'POST', headers, agent }, (answer) => {
      readBody(answer).then((data) => {
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value === undefined || HOP_HEADERS.has(name)) continue;
          answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: answer.statusCode ?? 502, headers: answerHeaders, body: data });
      }, reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}
