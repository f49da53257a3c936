// The one store of unsaved work: each story's edits are kept in localStorage, with the version
// and content they were made against, until the server confirms them. They survive a reload,
// a network loss, an expired session and a lease taken over.
import { EMPTY_FORM, type StoryForm } from "./form";

export interface Draft {
  /** The story's id, or "new" for one not yet created. */
  storyId: string;
  /** The version `base` was read at: sent as expectedVersion. 0 for a new story. */
  baseVersion: number;
  /** The content as the server had it at baseVersion. */
  base: StoryForm;
  /** The content as the user has it now. */
  mine: StoryForm;
  /** When the user last changed it (ms since the epoch). */
  changedAt: number;
}

const PREFIX = "desk:draft:";

function key(storyId: string): string {
  return PREFIX + storyId;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The kept draft of a story, if any. */
export function loadDraft(storyId: string): Draft | null {
  const raw = storage()?.getItem(key(storyId));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as Draft;
    if (draft.storyId !== storyId || !draft.mine || !draft.base) return null;
    // A draft kept before the form had some of its fields: those read as empty.
    return { ...draft, base: { ...EMPTY_FORM, ...draft.base }, mine: { ...EMPTY_FORM, ...draft.mine } };
  } catch {
    return null;
  }
}

/** Keep this draft (replacing any earlier one of the same story). */
export function keepDraft(draft: Draft): void {
  try {
    storage()?.setItem(key(draft.storyId), JSON.stringify(draft));
  } catch {
    // Storage full or refused: the draft stays in memory for this page only.
  }
}

/** The server has everything: forget the draft. */
export function dropDraft(storyId: string): void {
  storage()?.removeItem(key(storyId));
}

/** The ids of every story with kept unsaved changes. */
export function draftIds(): string[] {
  const store = storage();
  if (!store) return [];
  const ids: string[] = [];
  for (let index = 0; index < store.length; index += 1) {
    const name = store.key(index);
    if (name?.startsWith(PREFIX)) ids.push(name.slice(PREFIX.length));
  }
  return ids;
}
