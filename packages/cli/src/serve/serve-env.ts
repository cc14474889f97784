/** The per-request values the service's middleware sets (Hono `Env`). */
export interface ServeEnv {
  Variables: {
    /** Aborts when the request times out, the client goes away or the server shuts down. */
    signal: AbortSignal;
    /** Short id naming the request in logs and in 500 answers. */
    requestId: string;
  };
}
