// The story editor: every field of the story, saving that never loses work, the edit lease,
// the workflow steps, the story's history. Lazy-loaded: it carries the body editor.
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useBlocker, useNavigate, useParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { BodyEditor, type FoundStory, type PickedPicture } from "../editor/BodyEditor";
import {
  DirectoryDocument,
  FindStoriesDocument,
  StoryChangedDocument,
  type AdsPolicy,
  type DirectoryQuery,
  type StoryType,
} from "../gql/graphql";
import { changeWords, statusWords } from "./changes";
import { useSubscription } from "../api/live";
import { useSession, useUser } from "../session";
import { Modal } from "../ui/Modal";
import { PictureChooserDialog } from "../pictures/PictureChooser";
import { formatTime, isoToZoned, zonedToIso } from "../util/time";
import { Bylines } from "./Bylines";
import { ConflictDialog } from "./ConflictDialog";
import { parseTags, slugify, type StoryForm } from "./form";
import { LeadPicture } from "./LeadPicture";
import { RelatedStories } from "./RelatedStories";
import { SocialImage } from "./SocialImage";
import { useStoryEditor, type LeaseState, type StoryEditor } from "./useStoryEditor";
import { Workflow } from "./Workflow";
import { HistoryPanel } from "../history/HistoryPanel";

const STORY_TYPES: { value: StoryType; label: string }[] = [
  { value: "NEWS", label: "News" },
  { value: "ANALYSIS", label: "Analysis" },
  { value: "OPINION", label: "Opinion (labelled for readers)" },
  { value: "REVIEW", label: "Review" },
  { value: "LIVE", label: "Live" },
  { value: "SPONSORED", label: "Sponsored (labelled for readers)" },
];

/** How long breaking news runs when an editor ticks "Breaking" (they can change the end). */
const BREAKING_HOURS = 4;

/** A datetime-local input for an instant kept as ISO in the form ("" for none). */
function InstantInput(props: { label: string; value: string; timeZone: string; readOnly: boolean; onChange(iso: string): void }) {
  const { value, timeZone } = props;
  return (
    <label>
      {props.label}
      <input
        type="datetime-local"
        value={value ? isoToZoned(value, timeZone) : ""}
        readOnly={props.readOnly}
        onChange={(e) => props.onChange(e.target.value ? zonedToIso(e.target.value, timeZone) : "")}
      />
    </label>
  );
}

function holderName(lease: { user: { name: string | null; email: string } | null } | null): string {
  return lease?.user?.name ?? lease?.user?.email ?? "Someone else";
}

function LeaseNotice(props: { lease: LeaseState; timeZone: string; onTakeOver(): void; busy: boolean }) {
  const { lease } = props;
  if (lease.kind !== "held" && lease.kind !== "taken") return null;
  const who = holderName(lease.lease);
  const until = lease.lease ? formatTime(lease.lease.expiresAt, props.timeZone) : "";
  return (
    <div role={lease.kind === "taken" ? "alert" : "status"} className="notice lease-notice">
      {lease.kind === "taken" ? (
        <p>
          <strong>{who} took over this story.</strong> It is now read-only for you; your unsaved changes are kept in this browser.
        </p>
      ) : (
        <p>
          <strong>{who} is editing this story</strong>
          {until && ` (their hold runs until ${until})`}. It is open read-only.
        </p>
      )}
      <button type="button" onClick={props.onTakeOver} disabled={props.busy}>
        Take over
      </button>
    </div>
  );
}

/** Follow the story live: tell the editor at once when someone else changes it. */
function useStoryChanges(id: string | undefined, userId: string, editor: StoryEditor, timeZone: string) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setNotice(null), [id]);
  useSubscription(StoryChangedDocument, id ? { id } : null, ({ storyChanged }) => {
    if (storyChanged.by?.id === userId) return;
    const words = changeWords(storyChanged, timeZone);
    if (words) setNotice(words);
    editor.refresh().catch(() => undefined);
  });
  return [notice, () => setNotice(null)] as const;
}

function SaveStatus({ editor }: { editor: StoryEditor }) {
  let words = "All changes saved";
  if (editor.saveState === "saving") words = "Saving…";
  else if (editor.dirty) words = editor.readOnly && editor.story ? "Unsaved changes kept in this browser" : "Unsaved changes";
  return (
    <span className="save-status" role="status">
      {words}
    </span>
  );
}

function useDirectory() {
  const [directory, setDirectory] = useState<DirectoryQuery | null>(null);
  useEffect(() => {
    request(DirectoryDocument)
      .then(setDirectory)
      .catch(() => undefined);
  }, []);
  return directory;
}

export default function StoryPage() {
  const { id: param } = useParams();
  const id = param === "new" ? undefined : param;
  const navigate = useNavigate();
  const leaving = useRef(false);
  useEffect(() => {
    leaving.current = false; // a new address: leaving it asks again
  }, [id]);
  const onCreated = useCallback(
    (created: string) => {
      leaving.current = true;
      navigate(`/stories/${created}`, { replace: true });
    },
    [navigate],
  );
  const user = useUser();
  const editor = useStoryEditor(id, user.id, onCreated);
  const { newsroom } = useSession();
  const [liveNotice, dismissLiveNotice] = useStoryChanges(id, user.id, editor, newsroom.timeZone);
  const directory = useDirectory();
  const [takingOver, setTakingOver] = useState(false);
  const [takeOverError, setTakeOverError] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [tagsText, setTagsText] = useState<string | null>(null);
  const [picking, setPicking] = useState<((choice: PickedPicture | null) => void) | null>(null);
  const pickPicture = useCallback(
    () => new Promise<PickedPicture | null>((resolve) => setPicking(() => resolve)),
    [],
  );
  const findRelated = useCallback(
    async (words: string) =>
      (await request(FindStoriesDocument, { search: words })).articles.edges.map((edge) => ({ id: edge.node.id, headline: edge.node.headline })),
    [],
  );
  const findStory = useCallback(
    async (words: string): Promise<FoundStory[]> =>
      (await request(FindStoriesDocument, { search: words })).articles.edges.map((edge) => ({ id: edge.node.id, headline: edge.node.headline })),
    [],
  );
  const { form, readOnly, story } = editor;

  // Ctrl+S (or Cmd+S) saves, wherever the focus is.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void editor.save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editor.save]);

  // Leaving with unsaved changes asks first (the changes stay kept in the browser either way).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => editor.dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!editor.dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [editor.dirty]);

  const change = (patch: Partial<StoryForm>) => editor.change(patch);
  const changeHeadline = (headline: string) => {
    const proposing = !id && (form.slug === "" || form.slug === slugify(form.headline));
    change(proposing ? { headline, slug: slugify(headline) } : { headline });
  };

  const takeOver = async () => {
    setTakingOver(true);
    setTakeOverError(null);
    try {
      await editor.takeOver();
    } catch (failure) {
      setTakeOverError(plainWords(failure));
    } finally {
      setTakingOver(false);
    }
  };

  const preview = async () => {
    if (!id) return;
    setPreviewError(null);
    const tab = window.open("", "_blank");
    const saved = readOnly ? true : await editor.save();
    if (!saved) {
      tab?.close();
      setPreviewError("The preview shows the saved story: save your changes first.");
      return;
    }
    const address = `/desk/stories/${id}/preview`;
    if (tab) tab.location.href = address;
    else setPreviewError("The browser blocked the new tab: allow pop-ups for the desk.");
  };

  if (editor.loadError) {
    return (
      <section>
        <p role="alert" className="error">
          {editor.loadError}
        </p>
        <Link to="/">Back to the stories</Link>
      </section>
    );
  }
  if (id && !story) return <p className="loading">Loading the story…</p>;

  const editorRole = user.role === "EDITOR" || user.role === "ADMIN";
  const sections = directory?.sections ?? [];
  const saveFirst = () => (readOnly ? Promise.resolve(true) : editor.save());
  const authorName = (authorId: string) => directory?.authors.find((author) => author.id === authorId)?.name ?? authorId;
  return (
    <div className="story-page">
      <div className="story-bar">
        <Link to="/">← Stories</Link>
        <span className="status-badge">{story ? statusWords(story.status) : "New story"}</span>
        <SaveStatus editor={editor} />
        <button type="button" className="primary" onClick={() => void editor.save()} disabled={editor.saveState === "saving" || (Boolean(id) && readOnly)} aria-keyshortcuts="Control+S">
          Save
        </button>
        <button type="button" onClick={() => void preview()} disabled={!id}>
          Preview
        </button>
        {editor.saveError && (
          <p role="alert" className="error save-error">
            {editor.saveError}
          </p>
        )}
        {previewError && (
          <p role="alert" className="error">
            {previewError}
          </p>
        )}
      </div>
      {liveNotice && (
        <div role="status" className="notice live-notice">
          <p>{liveNotice}</p>
          <button type="button" onClick={dismissLiveNotice}>
            Dismiss
          </button>
        </div>
      )}
      <LeaseNotice lease={editor.lease} timeZone={newsroom.timeZone} onTakeOver={() => void takeOver()} busy={takingOver} />
      {takeOverError && (
        <p role="alert" className="error">
          {takeOverError}
        </p>
      )}
      {story && !story.canEdit && (
        <p className="notice" role="status">
          You cannot change this story now ({statusWords(story.status).toLowerCase()}); it is shown read-only.
        </p>
      )}
      <div className="story-columns">
        <form className="story-form" onSubmit={(event) => event.preventDefault()} aria-label="Story">
          <h1 className="visually-hidden">{id ? form.headline || "Story" : "New story"}</h1>
          <div className="row">
            <label>
              Kicker
              <input value={form.kicker} readOnly={readOnly} maxLength={40} placeholder="e.g. Exclusive" onChange={(e) => change({ kicker: e.target.value })} />
            </label>
            <label>
              Story type
              <select value={form.storyType} disabled={readOnly} onChange={(e) => change({ storyType: e.target.value as StoryType })}>
                {STORY_TYPES.map((type) => (
                  <option key={type.value} value={type.value}>
                    {type.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label>
            Headline
            <input className="headline-input" value={form.headline} readOnly={readOnly} required onChange={(e) => changeHeadline(e.target.value)} />
          </label>
          <label>
            Dek
            <textarea rows={2} value={form.dek} readOnly={readOnly} onChange={(e) => change({ dek: e.target.value })} />
          </label>
          <div className="row">
            <label>
              Slug
              <input value={form.slug} readOnly={readOnly} onChange={(e) => change({ slug: e.target.value })} />
            </label>
            <label>
              Section
              <select value={form.section} disabled={readOnly} onChange={(e) => change({ section: e.target.value })}>
                <option value="">(none)</option>
                {sections.map((section) => (
                  <option key={section.slug} value={section.slug}>
                    {section.name}
                  </option>
                ))}
                {form.section && !sections.some((section) => section.slug === form.section) && <option value={form.section}>{form.section}</option>}
              </select>
            </label>
          </div>
          <div className="row">
            <label>
              Tags
              <input
                value={tagsText ?? form.tags.join(", ")}
                readOnly={readOnly}
                placeholder="Comma-separated, e.g. housing, city-council"
                onChange={(e) => {
                  setTagsText(e.target.value);
                  change({ tags: parseTags(e.target.value) });
                }}
                onBlur={() => setTagsText(null)}
              />
            </label>
            <label>
              Dateline
              <input value={form.dateline} readOnly={readOnly} placeholder="e.g. Leeds, UK" onChange={(e) => change({ dateline: e.target.value })} />
            </label>
          </div>
          <Bylines value={form.bylines} authors={directory?.authors ?? []} readOnly={readOnly} onChange={(bylines) => change({ bylines })} />
          <LeadPicture value={form.leadMedia} readOnly={readOnly} onChange={(leadMedia) => change({ leadMedia })} />
          <div className="body-field">
            <h2 className="field-label" aria-hidden="true">
              Body
            </h2>
            <BodyEditor
              value={form.body}
              onChange={(body) => change({ body })}
              readOnly={readOnly}
              label="Body"
              onPickPicture={pickPicture}
              onFindStory={findStory}
            />
          </div>
          <fieldset className="breaking">
            <legend>Breaking news and dates</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={form.breakingUntil !== ""}
                disabled={readOnly}
                onChange={(e) =>
                  change({ breakingUntil: e.target.checked ? new Date(Date.now() + BREAKING_HOURS * 3600_000).toISOString() : "" })
                }
              />
              Breaking news
            </label>
            {form.breakingUntil !== "" && (
              <InstantInput
                label={`Breaking until (${newsroom.timeZone})`}
                value={form.breakingUntil}
                timeZone={newsroom.timeZone}
                readOnly={readOnly}
                onChange={(breakingUntil) => change({ breakingUntil })}
              />
            )}
            <InstantInput
              label={`Display date (${newsroom.timeZone}; empty: the first publication's)`}
              value={form.displayDate}
              timeZone={newsroom.timeZone}
              readOnly={readOnly}
              onChange={(displayDate) => change({ displayDate })}
            />
          </fieldset>
          <RelatedStories value={form.related} storyId={id} readOnly={readOnly} onFind={findRelated} onChange={(related) => change({ related })} />
          <fieldset>
            <legend>Search and social</legend>
            <label>
              SEO title
              <input value={form.seoTitle} readOnly={readOnly} onChange={(e) => change({ seoTitle: e.target.value })} />
            </label>
            <label>
              SEO description
              <textarea rows={2} value={form.seoDescription} readOnly={readOnly} onChange={(e) => change({ seoDescription: e.target.value })} />
            </label>
            <label>
              Canonical URL
              <input type="url" value={form.canonicalUrl} readOnly={readOnly} onChange={(e) => change({ canonicalUrl: e.target.value })} />
            </label>
            <label className="check">
              <input type="checkbox" checked={form.noindex} disabled={readOnly} onChange={(e) => change({ noindex: e.target.checked })} />
              Hide from search engines (noindex)
            </label>
            <SocialImage value={form.socialImage} readOnly={readOnly} onChange={(socialImage) => change({ socialImage })} />
          </fieldset>
          {editorRole && (
            <label>
              Ads policy
              <select value={form.adsPolicy} disabled={readOnly} onChange={(e) => change({ adsPolicy: e.target.value as AdsPolicy | "" })}>
                <option value="">Section default</option>
                <option value="NORMAL">Normal: any ad</option>
                <option value="SENSITIVE">Sensitive: brand-safe ads only</option>
                <option value="NONE">None: no ads</option>
              </select>
            </label>
          )}
        </form>
        <aside className="story-side">
          {story && (
            <>
              <Workflow story={story} saveFirst={saveFirst} version={() => editor.version()} onDone={editor.adopt} />
              <StoryFacts editor={editor} timeZone={newsroom.timeZone} />
            </>
          )}
        </aside>
      </div>
      {story && (
        <HistoryPanel
          story={story}
          timeZone={newsroom.timeZone}
          canRestore={story.canEdit && !readOnly}
          canCorrect={editorRole}
          authorName={authorName}
          actions={{ saveFirst, version: () => editor.version(), onDone: editor.adopt }}
        />
      )}
      {picking && (
        <PictureChooserDialog
          onDone={(asset) => {
            picking(asset && { assetId: asset.id, caption: asset.caption, credit: asset.credit, altText: asset.altText, url: asset.url });
            setPicking(null);
          }}
        />
      )}
      {editor.conflict && <ConflictDialog conflict={editor.conflict} onResolve={(keep) => void editor.resolveConflict(keep)} />}
      {blocker.state === "blocked" && (
        <Modal title="Leave with unsaved changes?" onClose={() => blocker.reset()}>
          <p>Your unsaved changes stay kept in this browser and come back when you open the story again.</p>
          <div className="actions">
            <button type="button" onClick={() => blocker.reset()}>
              Stay
            </button>
            <button type="button" className="primary" onClick={() => blocker.proceed()}>
              Leave
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}

function StoryFacts({ editor, timeZone }: { editor: StoryEditor; timeZone: string }) {
  const story = editor.story;
  if (!story) return null;
  return (
    <section aria-label="About this story" className="facts">
      <h2>About this story</h2>
      <dl>
        <dt>Status</dt>
        <dd>{statusWords(story.status)}</dd>
        {story.owner && (
          <>
            <dt>Writer</dt>
            <dd>{story.owner.name ?? story.owner.email}</dd>
          </>
        )}
        <dt>Last changed</dt>
        <dd>
          {formatTime(story.updatedAt, timeZone)}
          {story.updatedBy && ` by ${story.updatedBy.name ?? story.updatedBy.email}`}
        </dd>
        {story.publishAt && (
          <>
            <dt>Embargo</dt>
            <dd>{formatTime(story.publishAt, timeZone)}</dd>
          </>
        )}
        {story.unpublishAt && (
          <>
            <dt>Comes down</dt>
            <dd>{formatTime(story.unpublishAt, timeZone)}</dd>
          </>
        )}
        {story.publishedAt && (
          <>
            <dt>Published</dt>
            <dd>{formatTime(story.publishedAt, timeZone)}</dd>
          </>
        )}
        <dt>Version</dt>
        <dd>{story.version}</dd>
      </dl>
    </section>
  );
}
