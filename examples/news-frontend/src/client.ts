// One POST to the delivery API per query, typed by the document: a page's variables and answer
// are the generated types of its query.
import type { TypedDocumentString } from "./gql/graphql.js";

interface Answer<TResult> {
  data?: TResult | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export async function query<TResult, TVariables>(endpoint: string, document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const answer: Answer<TResult> = await response.json();
  const [first] = answer.errors ?? [];
  if (first || !answer.data) throw new DeliveryError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code);
  return answer.data;
}
