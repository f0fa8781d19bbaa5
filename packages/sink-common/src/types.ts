/**
 * The part of an AWS SDK v3 client a sink uses: `send` for one command type. Typed
 * structurally so that a client from any copy of the SDK in the user's dependency tree works
 * (sinks never use `instanceof`).
 */
export interface ClientLike<Command, Output> {
  send(command: Command, options?: { abortSignal?: AbortSignal }): Promise<Output>;
}
