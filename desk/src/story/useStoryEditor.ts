// The story editor's state: the server's copy, the user's unsaved changes (kept by drafts.ts
// until confirmed), saving with expectedVersion, conflicts, and the edit lease.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, NetworkError, request } from "../api/client";
import { isCode, plainWords } from "../api/errors";
import {
  AcquireLeaseDocument,
  CreateStoryDocument,
  ReleaseLeaseDocument,
  SaveStoryDocument,
  StoryDocument,
  TakeOverLeaseDocument,
  type LeaseFragment,
  type StoryFieldsFragment,
} from "../gql/graphql";
import { flushBodyEditors } from "../editor/BodyEditor";
import { dropDraft, keepDraft, loadDraft, type Draft } from "./drafts";
import {
  EMPTY_FORM,
  articleInput,
  changedFields,
  conflictingFields,
  formOf,
  rebase,
  type FieldName,
  type StoryForm,
} from "./form";

export const AUTOSAVE_MS = 3000;
const LEASE_CHECK_MS = 4000;
const KEEP_MS = 250;

export type LeaseState =
  | { kind: "none" }
  | { kind: "mine"; expiresAt: string }
  | { kind: "held"; lease: LeaseFragment | null }
  | { kind: "taken"; lease: LeaseFragment | null };

export interface ConflictState {
  fields: FieldName[];
  mine: StoryForm;
  theirs: StoryForm;
  theirsStory: StoryFieldsFragment;
}

export type SaveState = "idle" | "saving" | "saved" | "failed";

export interface StoryEditor {
  story: StoryFieldsFragment | null;
  loadError: string | null;
  form: StoryForm;
  dirty: boolean;
  saveState: SaveState;
  saveError: string | null;
  lease: LeaseState;
  readOnly: boolean;
  conflict: ConflictState | null;
  change(patch: Partial<StoryForm>): void;
  save(): Promise<boolean>;
  resolveConflict(keepTheirs: ReadonlySet<FieldName>): Promise<void>;
  takeOver(): Promise<void>;
  /** Someone else changed the story: bring the page up to date now, not at the next check. */
  refresh(): Promise<void>;
  /** After a workflow step: the story as the server now has it. */
  adopt(story: StoryFieldsFragment): void;
  releaseLease(): void;
  forgetChanges(): void;
  /** The version the user's changes stand on: expectedVersion for the next step. */
  version(): number;
}

const NEW = "new";

export function useStoryEditor(id: string | undefined, userId: string, onCreated: (id: string) => void): StoryEditor {
  const storyId = id ?? NEW;
  const createdRef = useRef(onCreated);
  createdRef.current = onCreated;
  const [story, setStory] = useState<StoryFieldsFragment | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraftState] = useState<Draft>(() => ({
    storyId,
    baseVersion: 0,
    base: EMPTY_FORM,
    mine: EMPTY_FORM,
    changedAt: 0,
  }));
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const [saveError, setSaveError] = useState<string | null>(null);
  const [lease, setLease] = useState<LeaseState>({ kind: "none" });
  const [conflict, setConflict] = useState<ConflictState | null>(null);

  const draftRef = useRef(draft);
  const storyRef = useRef(story);
  const leaseRef = useRef(lease);
  const saving = useRef<Promise<boolean> | null>(null);
  const keepTimer = useRef<number | undefined>(undefined);
  storyRef.current = story;
  leaseRef.current = lease;

  /** Nothing is kept before the story and any earlier draft are read. */
  const ready = useRef(false);
  const persist = useCallback((next: Draft) => {
    window.clearTimeout(keepTimer.current);
    keepTimer.current = undefined;
    if (!ready.current) return;
    if (changedFields(next.base, next.mine).length === 0) dropDraft(next.storyId);
    else keepDraft(next);
  }, []);

  const setDraft = useCallback(
    (next: Draft, keep: "now" | "soon" | "never" = "now") => {
      draftRef.current = next;
      setDraftState(next);
      if (keep === "never") return;
      if (keep === "now") persist(next);
      else {
        window.clearTimeout(keepTimer.current);
        keepTimer.current = window.setTimeout(() => persist(draftRef.current), KEEP_MS);
      }
    },
    [persist],
  );

  /** Lay the server's copy under the user's kept changes; a conflict asks the user. */
  const arrive = useCallback(
    (server: StoryFieldsFragment, kept: Draft | null) => {
      const theirs = formOf(server);
      setStory(server);
      ready.current = true;
      if (!kept || changedFields(kept.base, kept.mine).length === 0) {
        setDraft({ storyId: server.id, baseVersion: server.version, base: theirs, mine: theirs, changedAt: 0 });
        return;
      }
      if (kept.baseVersion === server.version) {
        setDraft(kept);
        return;
      }
      const fields = conflictingFields(kept.base, kept.mine, theirs);
      if (fields.length === 0) {
        const mine = rebase(kept.base, kept.mine, theirs, new Set());
        setDraft({ storyId: server.id, baseVersion: server.version, base: theirs, mine, changedAt: kept.changedAt });
      } else {
        setDraft(kept);
        setConflict({ fields, mine: kept.mine, theirs, theirsStory: server });
      }
    },
    [setDraft],
  );

  /** Bumped by a take-over: answers to lease calls made before it are stale and ignored. */
  const leaseEpoch = useRef(0);

  /** Take (or renew) the lease; true when this user holds it now. */
  const acquire = useCallback(
    async (storyNow: StoryFieldsFragment, takeOver: boolean): Promise<boolean> => {
      if (!storyNow.canEdit) {
        setLease({ kind: "none" });
        return false;
      }
      if (takeOver) leaseEpoch.current += 1;
      const epoch = leaseEpoch.current;
      try {
        const granted = takeOver
          ? (await request(TakeOverLeaseDocument, { id: storyNow.id })).takeOverEditLease
          : (await request(AcquireLeaseDocument, { id: storyNow.id })).acquireEditLease;
        if (epoch !== leaseEpoch.current) return leaseRef.current.kind === "mine";
        setLease({ kind: "mine", expiresAt: granted.expiresAt });
        return true;
      } catch (error) {
        if (isCode(error, "LEASE_HELD")) {
          const fresh = (await request(StoryDocument, { id: storyNow.id }).catch(() => null))?.article;
          if (epoch !== leaseEpoch.current) return leaseRef.current.kind === "mine";
          const holder = fresh?.editLease ?? storyNow.editLease;
          if (holder?.user?.id === userId) {
            setLease({ kind: "mine", expiresAt: holder.expiresAt });
            return true;
          }
          setLease((current) =>
            current.kind === "mine" || current.kind === "taken" ? { kind: "taken", lease: holder } : { kind: "held", lease: holder },
          );
        } else if (isCode(error, "FORBIDDEN") || isCode(error, "INVALID_TRANSITION")) {
          setLease({ kind: "none" });
        } else if (!(error instanceof NetworkError)) {
          throw error;
        }
        return false;
      }
    },
    [userId],
  );

  /** The story this page has just created: already in hand, its lease still to take. */
  const justCreated = useRef<StoryFieldsFragment | null>(null);

  // Open: read the story, lay any kept changes over it, take the lease.
  useEffect(() => {
    const created = justCreated.current;
    if (id && created?.id === id) {
      justCreated.current = null;
      ready.current = true;
      return;
    }
    if (!id) {
      const kept = loadDraft(NEW);
      ready.current = true;
      setDraft(kept ?? { storyId: NEW, baseVersion: 0, base: EMPTY_FORM, mine: EMPTY_FORM, changedAt: 0 });
      return;
    }
    let live = true;
    request(StoryDocument, { id })
      .then(async ({ article }) => {
        if (!live) return;
        if (!article) {
          setLoadError("This story does not exist, or you may not see it.");
          return;
        }
        arrive(article, loadDraft(id));
        await acquire(article, false);
      })
      .catch((error: unknown) => live && setLoadError(plainWords(error)));
    return () => {
      live = false;
    };
  }, [id, arrive, acquire, setDraft]);

  // Keep the lease while open; be told at once when someone takes it over.
  useEffect(() => {
    if (!id || lease.kind !== "mine") return;
    const timer = window.setInterval(() => {
      const current = storyRef.current;
      if (current) acquire(current, false).catch(() => undefined);
    }, LEASE_CHECK_MS);
    return () => window.clearInterval(timer);
  }, [id, lease.kind, acquire]);

  /** Read-only while someone else holds it: take in their saves, and the lease once it is free. */
  const follow = useCallback(async () => {
    if (!id) return;
    const { article } = await request(StoryDocument, { id });
    if (!article) return;
    const current = draftRef.current;
    const mineUnsaved = changedFields(current.base, current.mine).length > 0;
    if (article.canEdit && !article.editLease) {
      if (await acquire(article, false)) arrive(article, current);
    } else if (!mineUnsaved) {
      arrive(article, null);
    } else {
      setStory(article);
    }
  }, [id, acquire, arrive]);

  useEffect(() => {
    if (!id || (lease.kind !== "held" && lease.kind !== "taken")) return;
    const timer = window.setInterval(() => void follow().catch(() => undefined), LEASE_CHECK_MS);
    return () => window.clearInterval(timer);
  }, [id, lease.kind, follow]);

  /** Someone else changed the story (a live event): check the lease, and take in their change. */
  const refresh = useCallback(async () => {
    const current = storyRef.current;
    if (!id || !current) return;
    if (leaseRef.current.kind !== "mine") {
      await follow();
      return;
    }
    if (!(await acquire(current, false))) return; // it was taken over: now read-only
    const { article } = await request(StoryDocument, { id });
    if (article && article.version !== draftRef.current.baseVersion) arrive(article, draftRef.current);
  }, [id, acquire, arrive, follow]);

  const releaseLease = useCallback(() => {
    if (!id || leaseRef.current.kind !== "mine") return;
    setLease({ kind: "none" });
    request(ReleaseLeaseDocument, { id }).catch(() => undefined);
  }, [id]);

  // Leaving releases the lease; the kept draft is written out first.
  useEffect(() => {
    const onPageHide = () => {
      persist(draftRef.current);
      if (!id || leaseRef.current.kind !== "mine") return;
      void fetch("/admin/graphql", {
        method: "POST",
        keepalive: true,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CMS-Desk": "1" },
        body: JSON.stringify({ query: ReleaseLeaseDocument.toString(), variables: { id } }),
      }).catch(() => undefined);
    };
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      persist(draftRef.current);
      if (id && leaseRef.current.kind === "mine") request(ReleaseLeaseDocument, { id }).catch(() => undefined);
    };
  }, [id, persist]);

  const readOnly = Boolean(id) && (!story || !story.canEdit || lease.kind !== "mine");

  const saveOnce = useCallback(async (): Promise<boolean> => {
    flushBodyEditors(); // the body editor hands over its latest blocks (synchronously)
    const current = draftRef.current;
    const fields = changedFields(current.base, current.mine);
    const storyNow = storyRef.current;
    if (fields.length === 0) {
      setSaveState("saved");
      return true;
    }
    if (!id) {
      if (!current.mine.headline.trim() || !current.mine.slug.trim()) {
        setSaveError("Write a headline (and a slug) before the first save.");
        setSaveState("failed");
        return false;
      }
      const created = (await request(CreateStoryDocument, { input: articleInput(current.mine, [...new Set<FieldName>([...fields, "headline", "slug"])]) }))
        .createArticle;
      await acquire(created, false); // held before the page turns to it, so it never blinks read-only
      const latest = draftRef.current;
      dropDraft(NEW);
      const base = { ...formOf(created), ...pick(current.mine, fields) };
      // What the user typed while it was being created stays unsaved, over the created story.
      const mine = rebase(current.mine, latest.mine, base, new Set());
      setDraft({ storyId: created.id, baseVersion: created.version, base, mine, changedAt: latest.changedAt });
      setStory(created);
      justCreated.current = created;
      createdRef.current(created.id);
      return true;
    }
    if (!storyNow || leaseRef.current.kind !== "mine") {
      setSaveError("Your changes are kept in this browser; they are saved once you hold the story.");
      setSaveState("failed");
      return false;
    }
    const saved = (
      await request(SaveStoryDocument, {
        id,
        expectedVersion: current.baseVersion,
        input: articleInput(current.mine, fields),
      })
    ).updateArticle;
    setStory(saved);
    const latest = draftRef.current;
    const base = { ...formOf(saved), ...pick(current.mine, fields) };
    setDraft({ ...latest, baseVersion: saved.version, base });
    return true;
  }, [id, setDraft, acquire]);

  const handleSaveError = useCallback(
    async (error: unknown): Promise<boolean> => {
      setSaveState("failed");
      if (isCode(error, "CONFLICT") && id) {
        const server = (await request(StoryDocument, { id }).catch(() => null))?.article;
        // Someone took the story over meanwhile: say so; the choice comes when it is taken back.
        if (server && !(await acquire(server, false).catch(() => false))) {
          setSaveError(plainWords(new ApiError("", { code: "LEASE_HELD" })));
          return false;
        }
        if (server) {
          const current = draftRef.current;
          const theirs = formOf(server);
          const fields = conflictingFields(current.base, current.mine, theirs);
          if (fields.length === 0) {
            // Nothing of theirs touches what I changed: lay mine over theirs and save again.
            setStory(server);
            setDraft({ ...current, baseVersion: server.version, base: theirs, mine: rebase(current.base, current.mine, theirs, new Set()) });
            try {
              const ok = await saveOnce();
              if (ok) setSaveState("saved");
              return ok;
            } catch (again) {
              setSaveError(plainWords(again));
              return false;
            }
          }
          setConflict({ fields, mine: current.mine, theirs, theirsStory: server });
        }
        setSaveError(plainWords(error));
        return false;
      }
      if (isCode(error, "LEASE_HELD")) {
        const fresh = id ? (await request(StoryDocument, { id }).catch(() => null))?.article : null;
        setLease({ kind: "taken", lease: fresh?.editLease ?? storyRef.current?.editLease ?? null });
      }
      setSaveError(plainWords(error));
      return false;
    },
    [id, saveOnce, setDraft, acquire],
  );

  const save = useCallback(async (): Promise<boolean> => {
    if (saving.current) await saving.current.catch(() => false);
    const attempt = (async () => {
      setSaveState("saving");
      setSaveError(null);
      try {
        const ok = await saveOnce();
        if (ok) setSaveState("saved");
        return ok;
      } catch (error) {
        return handleSaveError(error);
      }
    })();
    saving.current = attempt;
    try {
      return await attempt;
    } finally {
      if (saving.current === attempt) saving.current = null;
    }
  }, [saveOnce, handleSaveError]);

  const resolveConflict = useCallback(
    async (keepTheirs: ReadonlySet<FieldName>) => {
      const open = conflict;
      if (!open) return;
      const current = draftRef.current;
      const mine = rebase(current.base, current.mine, open.theirs, keepTheirs);
      setStory(open.theirsStory);
      setDraft({ ...current, baseVersion: open.theirsStory.version, base: open.theirs, mine, changedAt: Date.now() });
      setConflict(null);
      await save();
    },
    [conflict, save, setDraft],
  );

  const change = useCallback(
    (patch: Partial<StoryForm>) => {
      const current = draftRef.current;
      setDraft({ ...current, mine: { ...current.mine, ...patch }, changedAt: Date.now() }, "soon");
      setSaveState((state) => (state === "saved" ? "idle" : state));
    },
    [setDraft],
  );

  // Autosave a few seconds after typing stops.
  const dirty = useMemo(() => changedFields(draft.base, draft.mine).length > 0, [draft]);
  useEffect(() => {
    if (!dirty || conflict || (id && readOnly)) return;
    if (!id && !draft.mine.headline.trim()) return;
    const timer = window.setTimeout(() => {
      void save();
    }, AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [draft, dirty, conflict, id, readOnly, save]);

  // The server is back: try again.
  useEffect(() => {
    const retry = () => {
      if (changedFields(draftRef.current.base, draftRef.current.mine).length > 0) void save();
    };
    window.addEventListener("desk:retry", retry);
    window.addEventListener("online", retry);
    return () => {
      window.removeEventListener("desk:retry", retry);
      window.removeEventListener("online", retry);
    };
  }, [save]);

  const takeOver = useCallback(async () => {
    if (!id) return;
    const server = (await request(StoryDocument, { id })).article;
    if (!server) return;
    await acquire(server, true);
    arrive(server, draftRef.current);
  }, [id, acquire, arrive]);

  const adopt = useCallback(
    (next: StoryFieldsFragment) => {
      arrive(next, draftRef.current);
      if (!next.canEdit && leaseRef.current.kind === "mine") releaseLease();
      if (next.canEdit && leaseRef.current.kind === "none") acquire(next, false).catch(() => undefined);
    },
    [arrive, acquire, releaseLease],
  );

  const forgetChanges = useCallback(() => {
    const current = draftRef.current;
    setDraft({ ...current, mine: current.base });
  }, [setDraft]);

  return {
    story,
    loadError,
    form: draft.mine,
    dirty,
    saveState,
    saveError,
    lease,
    readOnly,
    conflict,
    change,
    save,
    resolveConflict,
    takeOver,
    refresh,
    adopt,
    releaseLease,
    forgetChanges,
    version: () => draftRef.current.baseVersion,
  };
}

function pick(form: StoryForm, fields: readonly FieldName[]): Partial<StoryForm> {
  const picked: Partial<StoryForm> = {};
  for (const field of fields) (picked as Record<string, unknown>)[field] = form[field];
  return picked;
}

