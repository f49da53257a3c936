// The story's saved revisions, newest first: compare any two (word by word, block by block)
// and restore one, with expectedVersion, after saving what the user has not saved yet.
import { useEffect, useState } from "react";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { RestoreRevisionDocument, RevisionDiffDocument, type RevisionDiffQuery } from "../gql/graphql";
import { Modal } from "../ui/Modal";
import { formatTime } from "../util/time";
import { blockDiff, fieldText, FIELD_NAMES, wordDiff, type BlockRow, type WordPart } from "./diff";
import { who, type HistoryActions, type RevisionEntry } from "./shared";

type Change = RevisionDiffQuery["revisionDiff"][number];

function Words({ parts }: { parts: WordPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.kind === "removed" ? (
          <del key={index}>{part.text}</del>
        ) : part.kind === "added" ? (
          <ins key={index}>{part.text}</ins>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

function BodyRows({ rows }: { rows: BlockRow[] }) {
  return (
    <ol className="diff-blocks">
      {rows.map((row, index) => {
        switch (row.kind) {
          case "same":
            return (
              <li key={index} className="same">
                {row.count} block{row.count === 1 ? "" : "s"} unchanged
              </li>
            );
          case "removed":
            return (
              <li key={index} className="removed">
                <span className="block-kind">{row.label} removed: </span>
                <del>{row.text}</del>
              </li>
            );
          case "added":
            return (
              <li key={index} className="added">
                <span className="block-kind">{row.label} added: </span>
                <ins>{row.text}</ins>
              </li>
            );
          case "changed":
            return (
              <li key={index} className="changed">
                <span className="block-kind">{row.label} changed: </span>
                <Words parts={row.words} />
                {row.note && <span className="hint"> ({row.note})</span>}
              </li>
            );
        }
      })}
    </ol>
  );
}

function FieldDiff({ change, authorName }: { change: Change; authorName(id: string): string }) {
  const name = FIELD_NAMES[change.field] ?? change.field;
  const asList = (value: unknown) => (Array.isArray(value) ? (value as unknown[]) : []);
  return (
    <div className="diff-field">
      <h4>{name}</h4>
      {change.field === "body" ? (
        <BodyRows rows={blockDiff(asList(change.before), asList(change.after))} />
      ) : (
        <p className="diff-words">
          <Words parts={wordDiff(fieldText(change.field, change.before, authorName), fieldText(change.field, change.after, authorName))} />
        </p>
      )}
    </div>
  );
}

function revisionName(revision: RevisionEntry): string {
  return `Revision ${revision.number}`;
}

function Compare(props: { revisions: RevisionEntry[]; timeZone: string; authorName(id: string): string }) {
  const { revisions } = props;
  const [fromId, setFromId] = useState(revisions[1]?.id ?? "");
  const [toId, setToId] = useState(revisions[0]?.id ?? "");
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const from = revisions.find((revision) => revision.id === fromId);
  const to = revisions.find((revision) => revision.id === toId);
  // The older of the two is always "before".
  const [older, newer] = from && to && from.number > to.number ? [to, from] : [from, to];

  const olderId = older?.id;
  const newerId = newer?.id;
  useEffect(() => {
    setChanges(null);
    setError(null);
    if (!olderId || !newerId || olderId === newerId) return;
    let live = true;
    request(RevisionDiffDocument, { fromId: olderId, toId: newerId })
      .then((answer) => live && setChanges(answer.revisionDiff))
      .catch((failure: unknown) => live && setError(plainWords(failure)));
    return () => {
      live = false;
    };
  }, [olderId, newerId]);

  const options = revisions.map((revision) => (
    <option key={revision.id} value={revision.id}>
      {revisionName(revision)} · {formatTime(revision.at, props.timeZone)}
    </option>
  ));
  return (
    <div className="compare">
      <div className="row">
        <label>
          Compare
          <select value={fromId} onChange={(event) => setFromId(event.target.value)}>
            {options}
          </select>
        </label>
        <label>
          With
          <select value={toId} onChange={(event) => setToId(event.target.value)}>
            {options}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <section aria-label="Differences" className="differences" aria-busy={Boolean(older && newer && older !== newer && !changes && !error)}>
        {older && newer && older.id === newer.id && <p className="hint">Pick two different revisions.</p>}
        {older && newer && changes && (
          <>
            <p className="hint">
              From {revisionName(older).toLowerCase()} to {revisionName(newer).toLowerCase()}: <del>removed</del>, <ins>added</ins>.
            </p>
            {changes.length === 0 && <p>The two revisions have the same content.</p>}
            {changes.map((change) => (
              <FieldDiff key={change.field} change={change} authorName={props.authorName} />
            ))}
          </>
        )}
      </section>
    </div>
  );
}

export function Revisions(props: {
  storyId: string;
  revisions: RevisionEntry[] | null;
  timeZone: string;
  canRestore: boolean;
  authorName(id: string): string;
  actions: HistoryActions;
}) {
  const { revisions, timeZone } = props;
  const [asking, setAsking] = useState<RevisionEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const restore = async (revision: RevisionEntry) => {
    setBusy(true);
    setError(null);
    try {
      // What the user typed is saved first: it stays in the history as a revision of its own.
      if (!(await props.actions.saveFirst())) {
        setError("Save your changes first: the story could not be saved.");
        return;
      }
      const restored = (
        await request(RestoreRevisionDocument, { id: props.storyId, expectedVersion: props.actions.version(), revisionId: revision.id })
      ).restoreRevision;
      setAsking(null);
      props.actions.onDone(restored);
      setDone(`${revisionName(revision)} restored.`);
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="history-revisions" className="revisions">
      <h3 id="history-revisions">Revisions</h3>
      {revisions === null && <p className="loading">Loading the revisions…</p>}
      {revisions && revisions.length === 0 && <p className="hint">No revision saved yet.</p>}
      {revisions && (
        <ol className="revision-list">
          {revisions.map((revision, index) => (
            <li key={revision.id}>
              <strong>{revisionName(revision)}</strong>
              {index === 0 && " (current)"} by {who(revision.actor)}, <time dateTime={revision.at}>{formatTime(revision.at, timeZone)}</time>
              {index > 0 && props.canRestore && (
                <button
                  type="button"
                  aria-describedby={`revision-${revision.id}`}
                  disabled={busy}
                  onClick={() => {
                    setError(null);
                    setAsking(revision);
                  }}
                >
                  Restore
                </button>
              )}
              <span id={`revision-${revision.id}`} className="visually-hidden">
                {revisionName(revision)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <p role="status" className="hint">
        {done}
      </p>
      {!asking && error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {revisions && revisions.length > 1 && <Compare revisions={revisions} timeZone={timeZone} authorName={props.authorName} />}
      {asking && (
        <Modal title={`Restore ${revisionName(asking).toLowerCase()}?`} onClose={() => setAsking(null)}>
          <p>
            The story's content becomes {revisionName(asking).toLowerCase()}'s, saved as a new revision. What it says now stays in the history, and
            unsaved changes are saved first.
          </p>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void restore(asking)}>
              Restore {revisionName(asking).toLowerCase()}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
