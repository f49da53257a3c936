// Every extensions.code the API can answer, in plain words for the person at the desk.
import { ApiError, NetworkError } from "./client";

export const WORDS: Record<string, string> = {
  UNAUTHENTICATED: "Your session has ended. Sign in again; your unsaved text is kept.",
  FORBIDDEN: "Your role does not allow this.",
  BAD_USER_INPUT: "Something in the form is not right.",
  NOT_FOUND: "This no longer exists, or you may not see it.",
  CONFLICT: "Someone else saved this story since you opened it.",
  INVALID_TRANSITION: "This step is not possible from the story's current status.",
  LEASE_HELD: "Someone else is editing this story.",
  TAKEN_DOWN: "This story was taken down and must stay down.",
  RATE_LIMITED: "Too many attempts. Wait a moment and try again.",
  SERVICE_UNAVAILABLE: "The database did not answer in time. Try again.",
  CSRF_CHECK_FAILED: "The request was refused as unsafe. Reload the desk and try again.",
  QUERY_TOO_COMPLEX: "The request was too large for the server. Ask for fewer stories at once.",
  GRAPHQL_PARSE_FAILED: "The desk and the server disagree. Reload the desk.",
  GRAPHQL_VALIDATION_FAILED: "The desk and the server disagree. Reload the desk.",
  REQUEST_TOO_LARGE: "The file is too large to upload.",
  DOCUMENT_TOO_LARGE: "This story is too large to save. Split it into two stories.",
  UNSUPPORTED_MEDIA: "The desk sent something the server does not take. Reload the desk.",
  BAD_REQUEST: "The desk and the server disagree. Reload the desk.",
  METHOD_NOT_ALLOWED: "The desk and the server disagree. Reload the desk.",
  PERSISTED_QUERY_NOT_FOUND: "The desk and the server disagree. Reload the desk.",
  PERSISTED_QUERY_NOT_ALLOWED: "The desk and the server disagree. Reload the desk.",
  TOO_MANY_SUBSCRIPTIONS: "Too many desk windows are open for live updates; close some. The desk still refreshes every few seconds.",
  SUBSCRIBER_TOO_SLOW: "Live updates fell behind and were stopped; the desk reconnects and refreshes on its own.",
  GONE: "The rights to this picture have ended, so it can no longer be shown.",
  INVALID_RENDITION: "This picture cannot be shown at that size.",
  INTERNAL_SERVER_ERROR: "Something went wrong on the server. Try again; if it keeps happening, tell the developers.",
};

const FIELD_NAMES: Record<string, string> = {
  headline: "Headline",
  slug: "Slug",
  dek: "Dek",
  section: "Section",
  bylines: "Bylines",
  body: "Body",
  leadMedia: "Lead picture",
  dateline: "Dateline",
  tags: "Tags",
  publishAt: "Publish time",
  unpublishAt: "Unpublish time",
};

function detail(error: ApiError): string | null {
  const { extensions } = error;
  const fields = extensions.fields;
  if (Array.isArray(fields)) {
    return `Check: ${fields.map((field) => FIELD_NAMES[String(field)] ?? String(field)).join(", ")}.`;
  }
  if (fields && typeof fields === "object") {
    const listed = Object.entries(fields as Record<string, unknown>)
      .map(([field, why]) => `${FIELD_NAMES[field] ?? field}: ${String(why)}`)
      .join("; ");
    if (listed) return listed;
  }
  if (error.code === "RATE_LIMITED" && typeof extensions.retryAfter === "number") {
    return `Try again in ${Math.ceil(extensions.retryAfter)} seconds.`;
  }
  if (error.code === "BAD_USER_INPUT" || error.code === "INVALID_TRANSITION" || error.code === "NOT_FOUND") {
    return error.message;
  }
  return null;
}

/** What to tell the user about a failed action. */
export function plainWords(error: unknown): string {
  if (error instanceof NetworkError) return "The server cannot be reached. Nothing was lost; try again when it is back.";
  if (error instanceof ApiError) {
    const words = WORDS[error.code] ?? error.message;
    const more = detail(error);
    return more && more !== words ? `${words} ${more}` : words;
  }
  return "Something went wrong in the desk. Reload the page; your unsaved text is kept.";
}

export function isCode(error: unknown, code: string): error is ApiError {
  return error instanceof ApiError && error.code === code;
}
