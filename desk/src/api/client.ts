// The desk's one way to the server: POST a typed document to the management API with the
// session cookie and the desk's CSRF header; answers become data or an ApiError.
import type { TypedDocumentString } from "../gql/graphql";

export const MANAGEMENT_URL = "/admin/graphql";
export const DELIVERY_URL = "/graphql";

/** A GraphQL error the server answered with; `code` is its extensions.code. */
export class ApiError extends Error {
  readonly code: string;
  readonly extensions: Record<string, unknown>;
  readonly path: readonly (string | number)[] | undefined;

  constructor(message: string, extensions: Record<string, unknown>, path?: readonly (string | number)[]) {
    super(message);
    this.name = "ApiError";
    this.code = typeof extensions.code === "string" ? extensions.code : "INTERNAL_SERVER_ERROR";
    this.extensions = extensions;
    this.path = path;
  }
}

/** The server could not be reached (or answered with something that is not our API). */
export class NetworkError extends Error {
  constructor(message = "The server cannot be reached.") {
    super(message);
    this.name = "NetworkError";
  }
}

interface GraphQLBody {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

type Listener = (event: "unauthenticated" | "offline" | "online", error?: Error) => void;
const listeners = new Set<Listener>();

/** Be told of expired sessions and of the server going away or coming back. */
export function onConnection(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: Parameters<Listener>[0], error?: Error): void {
  for (const listener of listeners) listener(event, error);
}

/** The desk's CSRF header: the server refuses cookie-signed requests without it. */
function headers(extra: Record<string, string>): Record<string, string> {
  return { "X-CMS-Desk": "1", ...extra };
}

async function send(url: string, init: RequestInit): Promise<GraphQLBody> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin" });
  } catch {
    const error = new NetworkError();
    emit("offline", error);
    throw error;
  }
  let body: GraphQLBody;
  try {
    body = (await response.json()) as GraphQLBody;
  } catch {
    const error = new NetworkError(`The server answered ${response.status} without a usable reply.`);
    emit("offline", error);
    throw error;
  }
  emit("online");
  return body;
}

function unwrap<T>(body: GraphQLBody): T {
  const first = body.errors?.[0];
  if (first) {
    const error = new ApiError(first.message, first.extensions ?? {}, first.path);
    if (error.code === "UNAUTHENTICATED") emit("unauthenticated", error);
    throw error;
  }
  return body.data as T;
}

/** Run one typed operation against the management API. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const body = await send(MANAGEMENT_URL, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  return unwrap<TResult>(body);
}

/** The GraphQL multipart request's body: the operation, the map, then the files. */
function multipart<TVariables extends Record<string, unknown>>(
  document: { toString(): string },
  variables: TVariables,
  files: Record<string, File>,
): FormData {
  const form = new FormData();
  const nulled: Record<string, unknown> = { ...variables };
  const map: Record<string, string[]> = {};
  Object.keys(files).forEach((name, index) => {
    nulled[name] = null;
    map[String(index)] = [`variables.${name}`];
  });
  form.append("operations", JSON.stringify({ query: document.toString(), variables: nulled }));
  form.append("map", JSON.stringify(map));
  Object.values(files).forEach((file, index) => form.append(String(index), file, file.name));
  return form;
}

/** Uploads also name a header a cross-site form cannot send (the CSRF guard asks for it). */
const UPLOAD_HEADERS = headers({ "Apollo-Require-Preflight": "true" });

/** Run one operation that carries files (GraphQL multipart request). */
export async function upload<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  files: Record<string, File>,
): Promise<TResult> {
  const body = await send(MANAGEMENT_URL, { method: "POST", headers: UPLOAD_HEADERS, body: multipart(document, variables, files) });
  return unwrap<TResult>(body);
}

/** How far an upload has gone: bytes sent of the request's total. */
export interface UploadProgress {
  sent: number;
  total: number;
}

/**
 * `upload`, with the bytes sent reported as they go (fetch cannot tell upload progress, so this
 * one request is an XMLHttpRequest). Abort with the signal.
 */
export function uploadWithProgress<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  files: Record<string, File>,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<TResult> {
  return new Promise<TResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", MANAGEMENT_URL);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(UPLOAD_HEADERS)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : 0 });
    const offline = (message?: string) => {
      const error = new NetworkError(message);
      emit("offline", error);
      reject(error);
    };
    xhr.onerror = () => offline();
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    xhr.onload = () => {
      let body: GraphQLBody;
      try {
        body = JSON.parse(xhr.responseText) as GraphQLBody;
      } catch {
        offline(`The server answered ${xhr.status} without a usable reply.`);
        return;
      }
      emit("online");
      try {
        resolve(unwrap<TResult>(body));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(multipart(document, variables, files));
  });
}

/** Run one operation against the public delivery API (the preview page). */
export async function deliver<TResult, TVariables>(
  document: { toString(): string; __apiType?: (variables: TVariables) => TResult },
  variables: TVariables,
): Promise<TResult> {
  const body = await send(DELIVERY_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  return unwrap<TResult>(body);
}
