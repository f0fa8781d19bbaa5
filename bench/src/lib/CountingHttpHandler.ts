import { NodeHttpHandler } from '@smithy/node-http-handler';

type Handle = NodeHttpHandler['handle'];

/**
 * A `NodeHttpHandler` that counts the requests it sends and their body bytes exactly as they
 * leave the client: after serialization, compression (the CloudWatch client gzips bodies of
 * 10,240 B and more) and signing. With `keepCompressed`, gzip bodies are also kept (by
 * reference), so that their uncompressed size can be read after the clock has stopped.
 */
export class CountingHttpHandler extends NodeHttpHandler {
  requests = 0;
  bodyBytes = 0;
  /** Requests sent with `content-encoding: gzip`. */
  compressedRequests = 0;
  readonly compressedBodies: Uint8Array[] = [];
  /** Uncompressed bodies' bytes (strings and plain buffers), as sent. */
  plainBytes = 0;
  private readonly keepCompressed: boolean;

  constructor(options: { readonly keepCompressed?: boolean } = {}) {
    super();
    this.keepCompressed = options.keepCompressed ?? false;
  }

  override handle(...args: Parameters<Handle>): ReturnType<Handle> {
    const [request] = args;
    const body: unknown = request.body;
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : 0;
    this.requests += 1;
    this.bodyBytes += bytes;
    if (request.headers['content-encoding'] === 'gzip' || request.headers['Content-Encoding'] === 'gzip') {
      this.compressedRequests += 1;
      if (this.keepCompressed && body instanceof Uint8Array) this.compressedBodies.push(body);
    } else {
      this.plainBytes += bytes;
    }
    return super.handle(...args);
  }

  /** Forgets everything counted so far (after a warm-up). */
  reset(): void {
    this.requests = 0;
    this.bodyBytes = 0;
    this.compressedRequests = 0;
    this.plainBytes = 0;
    this.compressedBodies.length = 0;
  }
}
