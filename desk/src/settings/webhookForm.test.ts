import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import type { WebhookEndpointSettingsFragment, WebhookEventType } from "../gql/graphql";
import { fieldErrors } from "./forms";
import {
  attemptOutcome,
  canRedeliver,
  deliveryState,
  disabledBecause,
  EMPTY_WEBHOOK,
  formatDuration,
  formatMoment,
  toggleType,
  webhookChanges,
  webhookForm,
  webhookInput,
} from "./webhookForm";

const endpoint: WebhookEndpointSettingsFragment = {
  id: "65a1",
  url: "https://search.example-news.org/hooks/newsroom",
  description: "Search index",
  eventTypes: ["ARTICLE_PUBLISHED", "ARTICLE_UPDATED"],
  enabled: true,
  version: 3,
  failingSince: null,
  disabledReason: null,
  disabledAt: null,
  managed: false,
  createdAt: "2026-11-30T09:00:00Z",
  updatedAt: "2026-11-30T09:00:00Z",
};

const ORDER: WebhookEventType[] = ["ARTICLE_PUBLISHED", "ARTICLE_UPDATED", "ARTICLE_UNPUBLISHED", "MEDIA_UPDATED"];

describe("a new endpoint's form", () => {
  it("is read into the input, trimmed", () => {
    const { input, errors } = webhookInput({ url: "  https://hooks.example.org/a ", description: " Apps team ", eventTypes: ["ARTICLE_PUBLISHED"], enabled: false });
    expect(errors).toEqual({});
    expect(input).toEqual({ url: "https://hooks.example.org/a", description: "Apps team", eventTypes: ["ARTICLE_PUBLISHED"], enabled: false });
  });

  it("names what is missing or wrong before anything is sent", () => {
    expect(webhookInput(EMPTY_WEBHOOK).errors).toEqual({ url: "required", eventTypes: "choose at least one event type" });
    const { errors } = webhookInput({ ...EMPTY_WEBHOOK, url: "hooks.example.org/a", eventTypes: ["ARTICLE_PUBLISHED"], description: "x".repeat(501) });
    expect(errors).toEqual({ url: "an http(s) address, such as https://hooks.example.org/newsroom", description: "at most 500 characters" });
  });

  it("leaves the server to judge a plain http address (allowed outside production)", () => {
    expect(webhookInput({ ...EMPTY_WEBHOOK, url: "http://127.0.0.1:9000/hook", eventTypes: ["ARTICLE_PUBLISHED"] }).errors).toEqual({});
  });

  it("puts the server's refusal of the address beside the URL field", () => {
    const refused = new ApiError("The endpoint URL is refused: https only.", { code: "BAD_USER_INPUT", field: "url", reason: "UNSAFE_URL" });
    expect(fieldErrors(refused)).toEqual({ url: "The endpoint URL is refused: https only." });
  });
});

describe("an edit", () => {
  it("sends only what changed", () => {
    const form = webhookForm(endpoint);
    expect(webhookChanges(form, endpoint)).toEqual({ input: {}, errors: {} });
    expect(webhookChanges({ ...form, description: "Search index (new cluster) " }, endpoint).input).toEqual({ description: "Search index (new cluster)" });
    expect(webhookChanges({ ...form, eventTypes: ["ARTICLE_UPDATED", "ARTICLE_PUBLISHED"] }, endpoint).input).toEqual({});
    expect(webhookChanges({ ...form, url: "https://search2.example-news.org/h", eventTypes: ["ARTICLE_PUBLISHED"] }, endpoint).input).toEqual({
      url: "https://search2.example-news.org/h",
      eventTypes: ["ARTICLE_PUBLISHED"],
    });
  });

  it("never turns an endpoint on or off (that is its own action)", () => {
    expect(webhookChanges({ ...webhookForm(endpoint), enabled: false }, endpoint).input).toEqual({});
  });

  it("is checked like a new one", () => {
    expect(webhookChanges({ ...webhookForm(endpoint), eventTypes: [] }, endpoint).errors).toEqual({ eventTypes: "choose at least one event type" });
  });
});

describe("event types", () => {
  it("stay in the server's order whatever order they are ticked in", () => {
    let chosen = toggleType([], "MEDIA_UPDATED", true, ORDER);
    chosen = toggleType(chosen, "ARTICLE_PUBLISHED", true, ORDER);
    expect(chosen).toEqual(["ARTICLE_PUBLISHED", "MEDIA_UPDATED"]);
    expect(toggleType(chosen, "ARTICLE_PUBLISHED", false, ORDER)).toEqual(["MEDIA_UPDATED"]);
    expect(toggleType(chosen, "MEDIA_UPDATED", true, ORDER)).toEqual(["ARTICLE_PUBLISHED", "MEDIA_UPDATED"]);
  });
});

describe("why an endpoint gets nothing", () => {
  it("is the server's reason when the server disabled it", () => {
    expect(disabledBecause(endpoint)).toBeNull();
    expect(disabledBecause({ enabled: false, disabledReason: null })).toBe("Disabled by an admin.");
    expect(disabledBecause({ enabled: false, disabledReason: "Every delivery has failed since 2026-11-27T09:00:00Z. The last attempt: HTTP 503." })).toBe(
      "Disabled by the server. Every delivery has failed since 2026-11-27T09:00:00Z. The last attempt: HTTP 503.",
    );
  });
});

describe("deliveries and attempts in words", () => {
  const when = (iso: string) => `<${iso}>`;
  const delivery = { status: "PENDING" as const, attemptCount: 0, nextAttemptAt: "2026-11-30T09:00:00Z", deliveredAt: null, lastStatusCode: null, lastError: null };

  it("says where each delivery stands", () => {
    expect(deliveryState(delivery, when)).toBe("Waiting to be sent");
    expect(deliveryState({ ...delivery, attemptCount: 2, lastStatusCode: 500, nextAttemptAt: "2026-11-30T09:00:20Z" }, when)).toBe("Retrying (2 attempts, last HTTP 500), next <2026-11-30T09:00:20Z>");
    expect(deliveryState({ ...delivery, status: "DELIVERED", attemptCount: 1, nextAttemptAt: null, deliveredAt: "2026-11-30T09:00:01Z" }, when)).toBe("Delivered <2026-11-30T09:00:01Z> (1 attempt)");
    expect(deliveryState({ ...delivery, status: "FAILED", attemptCount: 9, nextAttemptAt: null, lastError: "timed out after 10 s" }, when)).toBe("Failed after 9 attempts, last timed out after 10 s: no more retries");
  });

  it("offers redelivery for failed ones only", () => {
    expect(canRedeliver({ status: "FAILED" })).toBe(true);
    expect(canRedeliver({ status: "PENDING" })).toBe(false);
    expect(canRedeliver({ status: "DELIVERED" })).toBe(false);
  });

  it("gives each attempt's answer, or why there was none", () => {
    expect(attemptOutcome({ succeeded: true, statusCode: 204, error: null })).toBe("HTTP 204: delivered");
    expect(attemptOutcome({ succeeded: false, statusCode: 500, error: null })).toBe("HTTP 500");
    expect(attemptOutcome({ succeeded: false, statusCode: null, error: "connection refused" })).toBe("No answer: connection refused");
  });

  it("gives times taken and moments to the second, in the newsroom's zone", () => {
    expect(formatDuration(12.4)).toBe("12 ms");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(10_400)).toBe("10 s");
    expect(formatMoment("2026-07-01T09:05:07Z", "Europe/London")).toBe("1 Jul 2026, 10:05:07");
  });
});
