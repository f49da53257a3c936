// Live updates from the management API: GraphQL subscriptions over one WebSocket (the
// graphql-transport-ws protocol, through the graphql-ws library), signed in by the desk's
// session cookie. The socket opens with the first subscription and closes after the last; when
// it drops it reconnects with backoff, and screens keep their polling (useRefresh) meanwhile.
import { createClient, type Client } from "graphql-ws";
import { useEffect, useRef } from "react";
import { DeskActivityDocument, type TypedDocumentString } from "../gql/graphql";
import { MANAGEMENT_URL } from "./client";

let client: Client | null = null;

function socketUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}${path}`;
}

function liveClient(): Client {
  if (client === null) {
    client = createClient({
      url: socketUrl(MANAGEMENT_URL),
      lazy: true,
      lazyCloseTimeout: 1000, // moving between screens keeps the socket
      keepAlive: 20_000,
      retryAttempts: Infinity,
      shouldRetry: () => true, // a refused socket (a session that ended) is retried too: signing in again brings it back
    });
  }
  return client;
}

/**
 * Follow a subscription: `onData` gets each event's data. Returns the function that stops it.
 * Errors (the socket refused, the server ending the subscription) end it quietly: screens
 * still refresh on their own.
 */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
): () => void {
  return liveClient().subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (message) => {
        if (message.data) onData(message.data as TResult);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
}

/** Subscribe while mounted (and while `variables` stay the same, compared as JSON). */
export function useSubscription<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables | null,
  onData: (data: TResult) => void,
): void {
  const handler = useRef(onData);
  handler.current = onData;
  const key = variables === null ? null : JSON.stringify(variables);
  useEffect(() => {
    if (key === null || typeof WebSocket === "undefined") return;
    return subscribe(document, JSON.parse(key) as TVariables, (data) => handler.current(data));
  }, [document, key]);
}

/**
 * Run `load` whenever any story changes at the desk (the budget, "What needs me", the
 * schedule), at most once per `settleMs`: a publish is several events in a row.
 */
export function useDeskActivity(load: () => Promise<void>, settleMs = 300): void {
  const loading = useRef(load);
  loading.current = load;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useSubscription(DeskActivityDocument, {}, () => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      void loading.current();
    }, settleMs);
  });
}
