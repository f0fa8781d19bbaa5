import { EmulatorChild } from '../lib/EmulatorChild.js';
import type { EmulatorCommand, LimitProbe, Verification } from './protocol.js';

const script = new URL('./kinesisEmulator.js', import.meta.url);

/**
 * The parent's handle on the kinesis emulator child (`kinesisEmulator.js`): kinesalite in a
 * process of its own (see `EmulatorChild`), with one method per command.
 */
export class EmulatorProcess {
  private readonly child: EmulatorChild<EmulatorCommand>;

  private constructor(child: EmulatorChild<EmulatorCommand>) {
    this.child = child;
  }

  /** kinesalite's direct endpoint. */
  get endpoint(): string {
    return this.child.endpoint;
  }

  /** Starts kinesalite in a child process and resolves once it listens. */
  static async start(): Promise<EmulatorProcess> {
    return new EmulatorProcess(await EmulatorChild.start<EmulatorCommand>(script, 'kinesis'));
  }

  createStream(stream: string, shards: number): Promise<unknown> {
    return this.child.request({ op: 'createStream', stream, shards });
  }

  deleteStream(stream: string): Promise<unknown> {
    return this.child.request({ op: 'deleteStream', stream });
  }

  verify(command: Omit<Extract<EmulatorCommand, { op: 'verify' }>, 'op'>): Promise<Verification> {
    return this.child.request({ op: 'verify', ...command });
  }

  probeLimit(limit: number): Promise<LimitProbe> {
    return this.child.request({ op: 'probeLimit', limit });
  }

  /** Closes the child's stdin; it stops kinesalite and exits. */
  stop(): Promise<void> {
    return this.child.stop();
  }
}
