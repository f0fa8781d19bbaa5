import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import type { EmulatorCommand, EmulatorReady, EmulatorReply, LimitProbe, Verification } from './protocol.js';

const script = new URL('./kinesisEmulator.js', import.meta.url);

interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The parent's handle on the emulator child (`kinesisEmulator.js`): starts it, sends it one
 * command at a time and stops it by closing its stdin. If the child dies, every pending and
 * later command rejects; if the parent dies, the child's stdin closes and it exits too.
 */
export class EmulatorProcess {
  readonly endpoint: string;
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiters = new Map<number, Waiter>();
  private ids = 0;
  private exited: Error | undefined;
  private readonly exit: Promise<void>;

  private constructor(child: ChildProcessByStdio<Writable, Readable, null>, endpoint: string, lines: AsyncIterator<string>) {
    this.child = child;
    this.endpoint = endpoint;
    this.exit = new Promise<void>((resolve) => {
      child.on('close', (code, signal) => {
        this.exited = new Error(`kinesis emulator child exited with ${signal ?? code}`);
        for (const waiter of this.waiters.values()) waiter.reject(this.exited);
        this.waiters.clear();
        resolve();
      });
    });
    void this.readReplies(lines);
  }

  /**
   * Starts kinesalite in a child process and resolves with its direct endpoint. `--expose-gc`
   * lets it collect deleted streams between measurements, while no client child runs.
   */
  static async start(): Promise<EmulatorProcess> {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(script)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await Promise.race([
      lines.next(),
      new Promise<never>((_, reject) => child.once('close', (code) => reject(new Error(`kinesis emulator child exited with ${code} before it was ready`)))),
    ]);
    const ready = first.done === true ? undefined : (JSON.parse(first.value) as EmulatorReady);
    if (ready?.ready !== true) throw new Error(`kinesis emulator child did not start: ${JSON.stringify(first.value)}`);
    return new EmulatorProcess(child, ready.endpoint, lines);
  }

  createStream(stream: string, shards: number): Promise<unknown> {
    return this.send({ op: 'createStream', stream, shards });
  }

  deleteStream(stream: string): Promise<unknown> {
    return this.send({ op: 'deleteStream', stream });
  }

  verify(command: Omit<Extract<EmulatorCommand, { op: 'verify' }>, 'op'>): Promise<Verification> {
    return this.send({ op: 'verify', ...command }) as Promise<Verification>;
  }

  probeLimit(limit: number): Promise<LimitProbe> {
    return this.send({ op: 'probeLimit', limit }) as Promise<LimitProbe>;
  }

  /** Closes the child's stdin; it stops kinesalite and exits. */
  async stop(): Promise<void> {
    this.child.stdin.end();
    await this.exit;
  }

  private send(command: EmulatorCommand): Promise<unknown> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    const id = ++this.ids;
    return new Promise<unknown>((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, ...command })}\n`);
    });
  }

  private async readReplies(lines: AsyncIterator<string>): Promise<void> {
    for (let line = await lines.next(); line.done !== true; line = await lines.next()) {
      let reply: EmulatorReply;
      try {
        reply = JSON.parse(line.value) as EmulatorReply;
      } catch {
        process.stderr.write(`[kinesis emulator] ${line.value}\n`);
        continue;
      }
      const waiter = this.waiters.get(reply.id);
      if (waiter === undefined) continue;
      this.waiters.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(`kinesis emulator: ${reply.error}`));
    }
  }
}
