// dynalite ships no types. Only what this package calls is declared.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** Milliseconds a table stays CREATING (dynalite default 500). */
    createTableMs?: number;
    /** Milliseconds a table stays DELETING (dynalite default 500). */
    deleteTableMs?: number;
    /** Milliseconds a table stays UPDATING (dynalite default 500). */
    updateTableMs?: number;
    /** Maximum item size in KB (dynalite default 400). */
    maxItemSizeKb?: number;
    /** LevelDB directory; omitted means in-memory. */
    path?: string;
  }

  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
