// A story's statuses and what someone else just did to it, in the desk's words.
import type { StoryChangedSubscription } from "../gql/graphql";
import { formatTime } from "../util/time";

const STATUS_WORDS: Record<string, string> = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  CHANGES_REQUESTED: "Changes requested",
  APPROVED: "Approved",
  SCHEDULED: "Scheduled",
  PUBLISHED: "Published",
  UNPUBLISHED: "Unpublished",
  TAKEN_DOWN: "Taken down",
  ARCHIVED: "Archived",
};

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

type StoryChange = StoryChangedSubscription["storyChanged"];

/** What someone else just did to the story, in words; null for what the page shows otherwise. */
export function changeWords(change: StoryChange, timeZone: string): string | null {
  const who = change.by?.name ?? change.by?.email ?? "Someone";
  const when = formatTime(change.at, timeZone);
  if (change.change === "SAVED") return `${who} saved this story at ${when}.`;
  if (change.change === "WORKFLOW" && change.status) {
    return `${who} moved this story to ${statusWords(change.status).toLowerCase()} at ${when}.`;
  }
  return null; // a lease take-over shows in the lease notice; public events repeat a workflow step
}
