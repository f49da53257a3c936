// Unsaved settings (a user, an author, a section, an ad slot, a webhook endpoint, a front) kept
// in this browser's localStorage with the version they were made against, until the server
// confirms them (never a password or a webhook secret): they survive a reload, a network loss
// and an expired session, as the story's drafts do.
import { useCallback, useState } from "react";

export interface Kept<T> {
  /** The version the edit was made against: sent as expectedVersion. 0 for something new. */
  baseVersion: number;
  form: T;
  changedAt: number;
}

const PREFIX = "desk:settings:";

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadKept<T>(key: string): Kept<T> | null {
  const raw = storage()?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    const kept = JSON.parse(raw) as Kept<T>;
    return typeof kept.baseVersion === "number" && kept.form !== undefined ? kept : null;
  } catch {
    return null;
  }
}

export function keep<T>(key: string, kept: Kept<T>): void {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(kept));
  } catch {
    // Storage full or refused: the edit stays in memory for this page only.
  }
}

export function dropKept(key: string): void {
  storage()?.removeItem(PREFIX + key);
}

export interface KeptForm<T> {
  form: T;
  baseVersion: number;
  /** The form differs from what the server had when it was read. */
  dirty: boolean;
  /** The form came back from this browser's storage, not from the server. */
  restored: boolean;
  change(next: T | ((current: T) => T)): void;
  /** The server has it: forget the kept copy and start again from the server's answer. */
  saved(form: T, version: number): void;
  /** Give up the edit: back to the server's copy (or a newer one). */
  discard(form: T, version: number): void;
  /** Keep the edit, but against a newer version (after a CONFLICT the user chose to override). */
  rebase(version: number): void;
}

/** One form's state, kept while it differs from the server's copy. Mount it with a React key
 * per edited thing: the kept copy is read once, when the form mounts. */
export function useKeptForm<T>(key: string, base: T, baseVersion: number): KeptForm<T> {
  const [state, setState] = useState(() => {
    const kept = loadKept<T>(key);
    return kept
      ? { form: kept.form, baseVersion: kept.baseVersion, restored: true, dirty: true }
      : { form: base, baseVersion, restored: false, dirty: false };
  });

  const change = useCallback(
    (next: T | ((current: T) => T)) =>
      setState((current) => {
        const form = typeof next === "function" ? (next as (current: T) => T)(current.form) : next;
        keep(key, { baseVersion: current.baseVersion, form, changedAt: Date.now() });
        return { ...current, form, dirty: true };
      }),
    [key],
  );
  const saved = useCallback(
    (form: T, version: number) => {
      dropKept(key);
      setState({ form, baseVersion: version, restored: false, dirty: false });
    },
    [key],
  );
  const rebase = useCallback(
    (version: number) =>
      setState((current) => {
        keep(key, { baseVersion: version, form: current.form, changedAt: Date.now() });
        return { ...current, baseVersion: version };
      }),
    [key],
  );
  return { ...state, change, saved, discard: saved, rebase };
}
