// kinesalite ships no types. Only what this package calls is declared; anything else stays
// invisible so a careless use cannot compile.
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  interface KinesaliteOptions {
    /** Milliseconds a stream stays CREATING (kinesalite default 500). */
    createStreamMs?: number;
    /** Milliseconds a stream stays DELETING (kinesalite default 500). */
    deleteStreamMs?: number;
    /** Milliseconds a stream stays UPDATING (kinesalite default 500). */
    updateStreamMs?: number;
    /** Open shards allowed across all streams (kinesalite default 10). */
    shardLimit?: number;
    /** LevelDB directory; omitted means in-memory. */
    path?: string;
  }

  function kinesalite(options?: KinesaliteOptions): Server;
  export = kinesalite;
}
