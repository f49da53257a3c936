// What the history panel's parts share: the revisions' and corrections' shapes, the editor's
// hooks for steps that change the story, and how a person is named.
import type { StoryFieldsFragment, StoryRevisionsQuery } from "../gql/graphql";

export type RevisionEntry = NonNullable<StoryRevisionsQuery["article"]>["revisions"][number];
export type CorrectionEntry = NonNullable<StoryRevisionsQuery["article"]>["corrections"][number];

export function who(user: { name: string | null; email: string } | null | undefined, system = "the system"): string {
  return user?.name ?? user?.email ?? system;
}

export interface HistoryActions {
  /** Save unsaved changes first; false when that failed (Save says why). */
  saveFirst(): Promise<boolean>;
  /** The version the user's changes stand on: expectedVersion for the next step. */
  version(): number;
  /** The story as the server now has it, for the editor to lay the user's changes over. */
  onDone(story: StoryFieldsFragment): void;
}
