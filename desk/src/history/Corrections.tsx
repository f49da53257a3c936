// Corrections as readers see them under the story (dated, oldest first), and "Add correction"
// for editors on a published story (addCorrection with expectedVersion).
import { useState, type FormEvent } from "react";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { AddCorrectionDocument, type StoryFieldsFragment } from "../gql/graphql";
import { Modal } from "../ui/Modal";
import { formatTime } from "../util/time";
import type { CorrectionEntry, HistoryActions } from "./shared";

/** The date a reader sees beside a correction: "30 Nov 2026" in the newsroom's zone. */
function readerDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));
}

export function Corrections(props: {
  story: StoryFieldsFragment;
  corrections: CorrectionEntry[];
  timeZone: string;
  canCorrect: boolean;
  actions: HistoryActions;
}) {
  const { story, corrections, timeZone } = props;
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const published = story.status === "PUBLISHED";

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (!(await props.actions.saveFirst())) {
        setError("Save your changes first: the story could not be saved.");
        return;
      }
      const next = (await request(AddCorrectionDocument, { id: story.id, expectedVersion: props.actions.version(), text: text.trim() })).addCorrection;
      setAsking(false);
      setText("");
      props.actions.onDone(next);
      setDone("Correction published: readers see it under the story.");
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="history-corrections" className="corrections">
      <h3 id="history-corrections">Corrections</h3>
      {corrections.length === 0 ? (
        <p className="hint">No corrections.</p>
      ) : (
        <ol className="correction-list" aria-label="Corrections as readers see them">
          {corrections.map((correction, index) => (
            <li key={index}>
              <strong>Correction</strong>, <time dateTime={correction.at} title={formatTime(correction.at, timeZone)}>{readerDate(correction.at, timeZone)}</time>:{" "}
              {correction.text}
            </li>
          ))}
        </ol>
      )}
      {props.canCorrect && published && (
        <button
          type="button"
          onClick={() => {
            setError(null);
            setAsking(true);
          }}
        >
          Add correction
        </button>
      )}
      {props.canCorrect && !published && <p className="hint">Corrections are added to published stories.</p>}
      <p role="status" className="hint">
        {done}
      </p>
      {asking && (
        <Modal title="Add correction" onClose={() => setAsking(false)}>
          <form className="dialog-form" onSubmit={(event) => void add(event)}>
            <p>Readers see the correction under the story with today's date. It cannot be taken back.</p>
            <label>
              Correction
              <textarea required rows={4} value={text} onChange={(event) => setText(event.target.value)} />
            </label>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <div className="actions">
              <button type="button" onClick={() => setAsking(false)}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={busy}>
                Publish correction
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
