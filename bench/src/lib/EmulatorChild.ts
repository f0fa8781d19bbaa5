import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The first line an emulator child prints, once its emulator listens. */
export interface EmulatorReady {
  readonly ready: true;
  /** The emulator's own endpoint (never a fault proxy). */
  readonly endpoint: string;
}

/** The answer to request `id`, one JSON line. */
export type EmulatorReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** A command on the wire: one JSON line, the command with an `id` added. */
export type EmulatorRequest<Command> = Command & { readonly id: number };

interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The parent's handle on an emulator child (a script built with `emulatorMain`): starts it with
 * `--expose-gc`, sends it one JSON command per line and stops it by closing its stdin. The
 * emulator runs in its own process so that the client children's CPU readings never include it.
 * If the child dies, every pending and later command rejects; if the parent dies, the child's
 * stdin closes and it exits too.
 */
export class EmulatorChild<Command extends { readonly op: string }> {
  readonly endpoint: string;
  private readonly label: string;
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiters = new Map<number, Waiter>();
  private ids = 0;
  private exited: Error | undefined;
  private readonly exit: Promise<void>;

  private constructor(label: string, child: ChildProcessByStdio<Writable, Readable, null>, endpoint: string, lines: AsyncIterator<string>) {
    this.label = label;
    this.child = child;
    this.endpoint = endpoint;
    this.exit = new Promise<void>((resolve) => {
      child.on('close', (code, signal) => {
        this.exited = new Error(`${label} emulator child exited with ${signal ?? code}`);
        for (const waiter of this.waiters.values()) waiter.reject(this.exited);
        this.waiters.clear();
        resolve();
      });
    });
    void this.readReplies(lines);
  }

  /**
   * Starts `script` and resolves once it has printed its `EmulatorReady` line. `--expose-gc` lets
   * it collect what a measurement left behind between measurements, while no client child runs.
   */
  static async start<Command extends { readonly op: string }>(script: URL, label: string): Promise<EmulatorChild<Command>> {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(script)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await Promise.race([
      lines.next(),
      new Promise<never>((_, reject) => child.once('close', (code) => reject(new Error(`${label} emulator child exited with ${code} before it was ready`)))),
    ]);
    const ready = first.done === true ? undefined : (JSON.parse(first.value) as EmulatorReady);
    if (ready?.ready !== true) throw new Error(`${label} emulator child did not start: ${JSON.stringify(first.value)}`);
    return new EmulatorChild<Command>(label, child, ready.endpoint, lines);
  }

  /** Sends one command and resolves with the child's answer (cast: both sides share the protocol types). */
  request<Value>(command: Command): Promise<Value> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    const id = ++this.ids;
    return new Promise<Value>((resolve, reject) => {
      this.waiters.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin.write(`${JSON.stringify({ id, ...command })}\n`);
    });
  }

  /** Closes the child's stdin; it stops its emulator and exits. */
  async stop(): Promise<void> {
    this.child.stdin.end();
    await this.exit;
  }

  private async readReplies(lines: AsyncIterator<string>): Promise<void> {
    for (let line = await lines.next(); line.done !== true; line = await lines.next()) {
      let reply: EmulatorReply;
      try {
        reply = JSON.parse(line.value) as EmulatorReply;
      } catch {
        process.stderr.write(`[${this.label} emulator] ${line.value}\n`);
        continue;
      }
      const waiter = this.waiters.get(reply.id);
      if (waiter === undefined) continue;
      this.waiters.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(`${this.label} emulator: ${reply.error}`));
    }
  }
}
