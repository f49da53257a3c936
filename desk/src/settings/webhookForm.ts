// The webhooks screen as plain data: an endpoint's form read into the API's input (with what is
// wrong before sending), only what changed sent on an edit, and deliveries and their attempts
// put in words.
import type { WebhookDeliveryRowFragment, WebhookEndpointChanges, WebhookEndpointInput, WebhookEndpointSettingsFragment, WebhookEventType } from "../gql/graphql";
import type { FieldErrors } from "./forms";
import { formatTime } from "../util/time";

/** An endpoint as its form holds it. */
export interface WebhookForm {
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
}

export const EMPTY_WEBHOOK: WebhookForm = { url: "", description: "", eventTypes: [], enabled: true };

/** The server refuses longer descriptions; said here before sending. */
export const MAX_DESCRIPTION = 500;

export function webhookForm(endpoint: Pick<WebhookEndpointSettingsFragment, "url" | "description" | "eventTypes" | "enabled">): WebhookForm {
  return { url: endpoint.url, description: endpoint.description, eventTypes: [...endpoint.eventTypes], enabled: endpoint.enabled };
}

/** What is wrong with the form before it is sent (the server checks again, and more: https
 * and public addresses in production). */
function problems(form: WebhookForm): FieldErrors {
  const errors: FieldErrors = {};
  const url = form.url.trim();
  if (!url) errors.url = "required";
  else if (!/^https?:\/\/[^\s/?#]+/i.test(url)) errors.url = "an http(s) address, such as https://hooks.example.org/newsroom";
  if (form.eventTypes.length === 0) errors.eventTypes = "choose at least one event type";
  if (form.description.trim().length > MAX_DESCRIPTION) errors.description = `at most ${MAX_DESCRIPTION} characters`;
  return errors;
}

/** The form read into createWebhookEndpoint's input, or the problems to show by the fields. */
export function webhookInput(form: WebhookForm): { input: WebhookEndpointInput; errors: FieldErrors } {
  return {
    input: { url: form.url.trim(), description: form.description.trim(), eventTypes: form.eventTypes, enabled: form.enabled },
    errors: problems(form),
  };
}

const sameTypes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((type) => b.includes(type));

/** Only what the form changed, for updateWebhookEndpoint (whether it is enabled is its own
 * action, not part of the edit). */
export function webhookChanges(form: WebhookForm, endpoint: WebhookEndpointSettingsFragment): { input: WebhookEndpointChanges; errors: FieldErrors } {
  const input: WebhookEndpointChanges = {};
  const url = form.url.trim();
  const description = form.description.trim();
  if (url !== endpoint.url) input.url = url;
  if (description !== endpoint.description) input.description = description;
  if (!sameTypes(form.eventTypes, endpoint.eventTypes)) input.eventTypes = form.eventTypes;
  return { input, errors: problems(form) };
}

/** The chosen types with one ticked or unticked, in the order the server offers them. */
export function toggleType(chosen: readonly WebhookEventType[], type: WebhookEventType, on: boolean, order: readonly WebhookEventType[]): WebhookEventType[] {
  const next = new Set(chosen);
  if (on) next.add(type);
  else next.delete(type);
  return [...order.filter((one) => next.has(one)), ...[...next].filter((one) => !order.includes(one))];
}

/** Why the endpoint gets nothing, or null while it is enabled. */
export function disabledBecause(endpoint: Pick<WebhookEndpointSettingsFragment, "enabled" | "disabledReason">): string | null {
  if (endpoint.enabled) return null;
  return endpoint.disabledReason ? `Disabled by the server. ${endpoint.disabledReason}` : "Disabled by an admin.";
}

/** "84 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

type Attempt = WebhookDeliveryRowFragment["attempts"][number];

/** How one attempt went: the endpoint's answer, or why there was none. */
export function attemptOutcome(attempt: Pick<Attempt, "succeeded" | "statusCode" | "error">): string {
  const answer = attempt.statusCode === null ? "No answer" : `HTTP ${attempt.statusCode}`;
  if (attempt.succeeded) return `${answer}: delivered`;
  return attempt.error ? `${answer}: ${attempt.error}` : answer;
}

/** Where a delivery stands, in a few words; `when` formats a time. */
export function deliveryState(delivery: Pick<WebhookDeliveryRowFragment, "status" | "attemptCount" | "nextAttemptAt" | "deliveredAt" | "lastStatusCode" | "lastError">, when: (iso: string) => string): string {
  const tries = `${delivery.attemptCount} ${delivery.attemptCount === 1 ? "attempt" : "attempts"}`;
  const last = delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : delivery.lastError;
  switch (delivery.status) {
    case "DELIVERED":
      return `Delivered${delivery.deliveredAt ? ` ${when(delivery.deliveredAt)}` : ""} (${tries})`;
    case "FAILED":
      return `Failed after ${tries}${last ? `, last ${last}` : ""}: no more retries`;
    case "PENDING":
      if (delivery.attemptCount === 0) return "Waiting to be sent";
      return `Retrying (${tries}${last ? `, last ${last}` : ""})${delivery.nextAttemptAt ? `, next ${when(delivery.nextAttemptAt)}` : ""}`;
  }
}

/** Failed deliveries are sent again on request; pending ones are already on their way. */
export function canRedeliver(delivery: Pick<WebhookDeliveryRowFragment, "status">): boolean {
  return delivery.status === "FAILED";
}

/** "30 Nov 2026, 14:05:09" in the newsroom's zone: attempts are seconds apart. */
export function formatMoment(iso: string, timeZone: string): string {
  return formatTime(iso, timeZone, { seconds: true });
}
