// Fronts: editors arrange what leads the home page and each section's front. Stories (published
// or scheduled, found by search) are dragged into ordered slots, or added, moved and removed with
// the keyboard; Save sends the order with the version it was read at; the front as readers will
// see it is shown beside. Lazy-loaded.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { request } from "../api/client";
import { isCode, plainWords } from "../api/errors";
import { FrontCandidatesDocument, FrontDocument, FrontListDocument, SetFrontDocument, type FrontFieldsFragment, type FrontListQuery, type FrontSlotFragment } from "../gql/graphql";
import { useSession, useUser } from "../session";
import { sectionAndBelow } from "../settings/forms";
import { useKeptForm } from "../settings/kept";
import { SaveProblem, useSaving } from "../settings/parts";
import "../settings/settings.css";
import { formatTime } from "../util/time";
import { move, place, refusal, removeAt, sameSlots, type SlotStory } from "./slots";

const STATUS_WORDS: Record<string, string> = { PUBLISHED: "Published", SCHEDULED: "Scheduled" };

/** What a drag carries: a slot being moved, or a found story being added. */
type Dragged = { kind: "slot"; index: number } | { kind: "story"; story: SlotStory };

const slotStory = (story: FrontSlotFragment): SlotStory => ({ id: story.id, headline: story.headline, status: story.status });

function useCandidates(search: string, allowed: Set<string> | null) {
  const [found, setFound] = useState<FrontSlotFragment[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      request(FrontCandidatesDocument, { search: search.trim() || null })
        .then(({ published, scheduled }) => {
          if (!live) return;
          const stories = [...scheduled.edges, ...published.edges].map((edge) => edge.node);
          setFound(stories.filter((story) => allowed === null || (story.section !== null && allowed.has(story.section.slug))));
          setError(null);
        })
        .catch((failure: unknown) => live && setError(plainWords(failure)));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [search, allowed]);
  return { found, error };
}

function FrontEditor(props: { front: FrontFieldsFragment; readOnly: boolean; sections: FrontListQuery["sections"]; onSaved(front: FrontFieldsFragment): void; onReload(): void }) {
  const { front } = props;
  const { newsroom } = useSession();
  const sectionSlug = front.section?.slug ?? null;
  const kept = useKeptForm<SlotStory[]>(`front:${sectionSlug ?? "home"}`, front.slots.map(slotStory), front.version);
  const saving = useSaving();
  const [said, setSaid] = useState("");
  const [search, setSearch] = useState("");
  const [dropAt, setDropAt] = useState<number | null>(null);
  const dragged = useRef<Dragged | null>(null);
  const slots = kept.form;
  const allowed = useMemo(() => (sectionSlug ? sectionAndBelow(props.sections, sectionSlug) : null), [sectionSlug, props.sections]);
  const { found, error: searchError } = useCandidates(search, allowed);
  const dirty = !sameSlots(slots, front.slots) || kept.baseVersion !== front.version;
  const refused = refusedIds(saving.failure);

  const arrange = (next: SlotStory[], words: string) => {
    kept.change(next);
    setSaid(words);
  };
  const add = (story: SlotStory, index = slots.length) => {
    const why = refusal(slots, story, front.maxSlots);
    if (why && !slots.some((one) => one.id === story.id)) {
      setSaid(why);
      return;
    }
    const next = place(slots, story, index, front.maxSlots);
    arrange(next, `${story.headline} is in slot ${next.findIndex((one) => one.id === story.id) + 1} of ${next.length}.`);
  };
  const shift = (index: number, by: number) => {
    const story = slots[index];
    if (!story) return;
    const next = move(slots, index, index + by);
    arrange(next, `${story.headline} moved to slot ${next.indexOf(story) + 1}.`);
  };
  const remove = (index: number) => {
    const story = slots[index];
    if (story) arrange(removeAt(slots, index), `${story.headline} removed from the front.`);
  };

  const onDragStart = (event: DragEvent, what: Dragged) => {
    dragged.current = what;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", what.kind === "slot" ? String(slots[what.index]?.id ?? "") : what.story.id);
  };
  const onDragOver = (event: DragEvent, index: number) => {
    if (!dragged.current) return;
    event.preventDefault();
    event.stopPropagation();
    setDropAt(index);
  };
  const onDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    event.stopPropagation();
    const what = dragged.current;
    dragged.current = null;
    setDropAt(null);
    if (!what) return;
    if (what.kind === "story") add(what.story, index);
    else {
      const story = slots[what.index];
      if (!story) return;
      const next = move(slots, what.index, what.index < index ? index - 1 : index);
      arrange(next, `${story.headline} moved to slot ${next.indexOf(story) + 1}.`);
    }
  };
  const onDragEnd = () => {
    dragged.current = null;
    setDropAt(null);
  };

  const save = (version: number) =>
    saving.run(async () => {
      const answer = (await request(SetFrontDocument, { section: sectionSlug, articleIds: slots.map((one) => one.id), expectedVersion: version })).setFront;
      kept.saved(answer.slots.map(slotStory), answer.version);
      setSaid("The front is saved.");
      props.onSaved(answer);
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(kept.baseVersion);
  };
  const who = front.updatedBy ? (front.updatedBy.name ?? front.updatedBy.email) : null;
  const onFront = new Set(slots.map((one) => one.id));

  return (
    <div className="front-editor">
      <form aria-label={`${front.name} front`} className="front-slots" onSubmit={submit}>
        <h2>{front.name}</h2>
        <p className="hint">
          {slots.length} of {front.maxSlots} slots curated; the newest stories fill the rest.
          {front.updatedAt && ` Last saved ${formatTime(front.updatedAt, newsroom.timeZone)}${who ? ` by ${who}` : ""}.`}
        </p>
        {kept.restored && (
          <p role="status" className="notice">
            Your unsaved arrangement of this front was kept in this browser. Save it, or discard it.
          </p>
        )}
        <ol
          aria-label="Slots"
          className={`slots${dropAt === slots.length ? " drop-end" : ""}`}
          onDragOver={(event) => onDragOver(event, slots.length)}
          onDrop={(event) => onDrop(event, slots.length)}
        >
          {slots.map((story, index) => (
            <li
              key={story.id}
              draggable={!props.readOnly}
              className={`slot${dropAt === index ? " drop-before" : ""}${refused.has(story.id) ? " refused" : ""}`}
              onDragStart={(event) => onDragStart(event, { kind: "slot", index })}
              onDragOver={(event) => onDragOver(event, index)}
              onDrop={(event) => onDrop(event, index)}
              onDragEnd={onDragEnd}
            >
              <span className="slot-number" aria-hidden="true">
                {index + 1}
              </span>
              <span className="slot-story">
                <Link to={`/stories/${story.id}`}>{story.headline}</Link>
                <small className="hint"> {STATUS_WORDS[story.status] ?? story.status}</small>
                {refused.has(story.id) && <small className="field-error"> This story cannot go on this front.</small>}
              </span>
              {!props.readOnly && (
                <span className="row-actions">
                  <button type="button" aria-label={`Move up: ${story.headline}`} disabled={index === 0} onClick={() => shift(index, -1)}>
                    Move up
                  </button>
                  <button type="button" aria-label={`Move down: ${story.headline}`} disabled={index === slots.length - 1} onClick={() => shift(index, 1)}>
                    Move down
                  </button>
                  <button type="button" aria-label={`Remove: ${story.headline}`} onClick={() => remove(index)}>
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
          {slots.length === 0 && <li className="slot empty">No curated stories: drag stories here, or use “Add to front”.</li>}
        </ol>
        <p role="status" aria-live="polite" className="hint">
          {said}
        </p>
        <SaveProblem
          saving={saving}
          noun="front"
          labels={{ slots: "Slots", articleIds: "Slots" }}
          onKeepMine={(version) => {
            kept.rebase(version);
            void save(version);
          }}
          onTakeTheirs={() => {
            saving.clear();
            kept.discard(slots, kept.baseVersion);
            props.onReload();
          }}
        />
        {!props.readOnly && (
          <div className="actions">
            <button type="submit" className="primary" disabled={saving.busy || !dirty}>
              Save
            </button>
            {dirty && (
              <button type="button" onClick={() => kept.discard(front.slots.map(slotStory), front.version)}>
                Discard changes
              </button>
            )}
          </div>
        )}
      </form>

      {!props.readOnly && (
        <section aria-labelledby="find-heading" className="front-find">
          <h2 id="find-heading">Stories to add</h2>
          <label>
            Find stories
            <input type="search" value={search} placeholder="Words of the headline" onChange={(event) => setSearch(event.target.value)} />
          </label>
          {searchError && (
            <p role="alert" className="error">
              {searchError}
            </p>
          )}
          <ul aria-label="Found stories" className="found-stories">
            {found.map((story) => (
              <li key={story.id} draggable={!onFront.has(story.id)} onDragStart={(event) => onDragStart(event, { kind: "story", story: slotStory(story) })} onDragEnd={onDragEnd}>
                <span>
                  {story.headline}{" "}
                  <small className="hint">
                    {story.section?.name ?? ""} · {STATUS_WORDS[story.status] ?? story.status}
                    {story.status === "SCHEDULED" && story.publishAt && ` for ${formatTime(story.publishAt, newsroom.timeZone)}`}
                  </small>
                </span>
                <button type="button" aria-label={`Add to front: ${story.headline}`} disabled={onFront.has(story.id)} onClick={() => add(slotStory(story))}>
                  {onFront.has(story.id) ? "On the front" : "Add to front"}
                </button>
              </li>
            ))}
            {found.length === 0 && <li className="hint">No published or scheduled stories match.</li>}
          </ul>
        </section>
      )}

      <section aria-labelledby="readers-heading" className="front-preview">
        <h2 id="readers-heading">As readers see it</h2>
        {dirty && <p className="hint">This is the saved front: save to see your arrangement here.</p>}
        <ol aria-label="As readers see it">
          {front.preview.map((story, index) => (
            <li key={story.id}>
              {story.headline}
              {index < front.slots.filter((one) => one.status === "PUBLISHED").length && <small className="hint"> (curated)</small>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** The stories a BAD_USER_INPUT names as not allowed on this front. */
function refusedIds(failure: unknown): Set<string> {
  if (!isCode(failure, "BAD_USER_INPUT")) return new Set();
  const { ids, articleIds } = failure.extensions;
  const named = Array.isArray(ids) ? ids : Array.isArray(articleIds) ? articleIds : [];
  return new Set(named.map(String));
}

export default function FrontsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const section = params.get("section") || null;
  const [list, setList] = useState<FrontListQuery | null>(null);
  const [front, setFront] = useState<FrontFieldsFragment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    request(FrontListDocument)
      .then(setList)
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, []);
  const load = useCallback(() => {
    setFront(null);
    request(FrontDocument, { section })
      .then(({ front }) => {
        setFront(front);
        setGeneration((n) => n + 1);
        setError(null);
      })
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, [section]);
  useEffect(load, [load]);

  return (
    <section aria-labelledby="fronts-heading" className="fronts">
      <h1 id="fronts-heading">Fronts</h1>
      {user.role === "WRITER" && (
        <p role="note" className="hint">
          Editors and admins arrange the fronts; you can look.
        </p>
      )}
      <div className="field front-pick">
        <label htmlFor="front-pick">Front</label>
        <select id="front-pick" value={section ?? ""} onChange={(event) => setParams(event.target.value ? { section: event.target.value } : {}, { replace: true })}>
          {(list?.fronts ?? [{ section: null, name: "Home" }]).map((one) => (
            <option key={one.section?.slug ?? ""} value={one.section?.slug ?? ""}>
              {one.name}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {front && list && <FrontEditor key={`${section ?? ""}:${generation}`} front={front} readOnly={user.role === "WRITER"} sections={list.sections} onSaved={setFront} onReload={load} />}
    </section>
  );
}
