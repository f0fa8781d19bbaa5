import { createInterface } from 'node:readline';

import type { EmulatorReady, EmulatorReply, EmulatorRequest } from './EmulatorChild.js';

/** What an emulator child's set-up hands `emulatorMain`. */
export interface EmulatorService<Command> {
  /** The emulator's own endpoint, printed in the ready line. */
  readonly endpoint: string;
  /** Answers one command (the value goes back as JSON). */
  handle(command: Command): Promise<unknown>;
  /** Stops the emulator once stdin has closed. */
  stop(): Promise<void>;
}

function write(line: EmulatorReady | EmulatorReply): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * The child side of `EmulatorChild`: runs `start` (which starts the emulator), prints the ready
 * line, then answers one JSON command per stdin line, in order, until stdin closes; then stops
 * the emulator and exits. A command that throws is answered with its error, not fatal.
 */
export function emulatorMain<Command>(start: () => Promise<EmulatorService<Command>>): void {
  const main = async (): Promise<void> => {
    const service = await start();
    write({ ready: true, endpoint: service.endpoint });
    // One command at a time, in order: the parent waits for each answer anyway.
    for await (const line of createInterface({ input: process.stdin })) {
      if (line.trim() === '') continue;
      const request = JSON.parse(line) as EmulatorRequest<Command>;
      try {
        write({ id: request.id, ok: true, value: await service.handle(request) });
      } catch (error) {
        write({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    await service.stop();
  };
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** `gc()` when the child runs with `--expose-gc` (EmulatorChild starts it so), else nothing. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
