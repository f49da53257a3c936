// The workflow steps this user may take on this story now (allowedActions), as buttons; the
// steps that need a comment, a reason or a time ask for it first.
import { useState, type FormEvent } from "react";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import {
  ApproveStoryDocument,
  ArchiveStoryDocument,
  PublishStoryDocument,
  RequestChangesDocument,
  ScheduleStoryDocument,
  SubmitStoryDocument,
  TakeDownStoryDocument,
  UnpublishStoryDocument,
  UnscheduleStoryDocument,
  type StoryFieldsFragment,
  type WorkflowAction,
} from "../gql/graphql";
import { useSession } from "../session";
import { Modal } from "../ui/Modal";
import { zonedToIso } from "../util/time";

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  SUBMIT: "Submit for review",
  REQUEST_CHANGES: "Request changes",
  APPROVE: "Approve",
  PUBLISH: "Publish",
  SCHEDULE: "Schedule",
  UNSCHEDULE: "Unschedule",
  UNPUBLISH: "Unpublish",
  TAKE_DOWN: "Take down",
  ARCHIVE: "Archive",
};

const ORDER: WorkflowAction[] = ["SUBMIT", "REQUEST_CHANGES", "APPROVE", "PUBLISH", "SCHEDULE", "UNSCHEDULE", "UNPUBLISH", "TAKE_DOWN", "ARCHIVE"];

type Asking = { action: "REQUEST_CHANGES" | "UNPUBLISH" | "TAKE_DOWN" } | { action: "SCHEDULE" } | null;

interface Args {
  text?: string;
  publishAt?: string | null;
  unpublishAt?: string | null;
}

async function run(action: WorkflowAction, id: string, expectedVersion: number, args: Args): Promise<StoryFieldsFragment> {
  const base = { id, expectedVersion };
  switch (action) {
    case "SUBMIT":
      return (await request(SubmitStoryDocument, base)).submitArticle;
    case "REQUEST_CHANGES":
      return (await request(RequestChangesDocument, { ...base, comment: args.text ?? "" })).requestChanges;
    case "APPROVE":
      return (await request(ApproveStoryDocument, base)).approveArticle;
    case "PUBLISH":
      return (await request(PublishStoryDocument, base)).publishArticle;
    case "SCHEDULE":
      return (await request(ScheduleStoryDocument, { ...base, publishAt: args.publishAt ?? null, unpublishAt: args.unpublishAt ?? null }))
        .scheduleArticle;
    case "UNSCHEDULE":
      return (await request(UnscheduleStoryDocument, base)).unscheduleArticle;
    case "UNPUBLISH":
      return (await request(UnpublishStoryDocument, { ...base, reason: args.text ?? "" })).unpublishArticle;
    case "TAKE_DOWN":
      return (await request(TakeDownStoryDocument, { ...base, reason: args.text ?? "" })).takeDownArticle;
    case "ARCHIVE":
      return (await request(ArchiveStoryDocument, base)).archiveArticle;
  }
}

export function Workflow(props: {
  story: StoryFieldsFragment;
  /** Save unsaved changes first; false when that failed (the reason is shown by Save). */
  saveFirst(): Promise<boolean>;
  version(): number;
  onDone(story: StoryFieldsFragment): void;
}) {
  const { story } = props;
  const { newsroom } = useSession();
  const [asking, setAsking] = useState<Asking>(null);
  const [busy, setBusy] = useState<WorkflowAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [publishAt, setPublishAt] = useState("");
  const [unpublishAt, setUnpublishAt] = useState("");

  const take = async (action: WorkflowAction, args: Args = {}) => {
    setBusy(action);
    setError(null);
    setDone(null);
    try {
      if (!(await props.saveFirst())) {
        setError("Save your changes first: the story could not be saved.");
        return;
      }
      const next = await run(action, story.id, props.version(), args);
      setAsking(null);
      setText("");
      props.onDone(next);
      setDone(`${ACTION_LABELS[action]}: done. The story is now ${next.status.toLowerCase().replace(/_/g, " ")}.`);
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(null);
    }
  };

  const click = (action: WorkflowAction) => {
    if (action === "REQUEST_CHANGES" || action === "UNPUBLISH" || action === "TAKE_DOWN") {
      setText("");
      setError(null);
      setAsking({ action });
    } else if (action === "SCHEDULE") {
      setPublishAt("");
      setUnpublishAt("");
      setError(null);
      setAsking({ action });
    } else void take(action);
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!asking) return;
    if (asking.action === "SCHEDULE") {
      void take("SCHEDULE", {
        publishAt: publishAt ? zonedToIso(publishAt, newsroom.timeZone) : null,
        unpublishAt: unpublishAt ? zonedToIso(unpublishAt, newsroom.timeZone) : null,
      });
    } else void take(asking.action, { text });
  };

  const actions = ORDER.filter((action) => story.allowedActions.includes(action));
  return (
    <section className="workflow" aria-label="Workflow">
      <h2>Workflow</h2>
      {actions.length === 0 && <p className="hint">No step is open to you on this story now.</p>}
      <div className="workflow-buttons">
        {actions.map((action) => (
          <button key={action} type="button" className={action === "PUBLISH" || action === "SUBMIT" ? "primary" : ""} disabled={busy !== null} onClick={() => click(action)}>
            {ACTION_LABELS[action]}
          </button>
        ))}
      </div>
      {!asking && error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="hint">
        {done}
      </p>
      {asking && (
        <Modal title={ACTION_LABELS[asking.action]} onClose={() => setAsking(null)}>
          <form onSubmit={confirm} className="dialog-form">
            {asking.action === "SCHEDULE" ? (
              <>
                <p>Times are in the newsroom's time zone, {newsroom.timeZone}.</p>
                <label>
                  Publish at
                  <input type="datetime-local" step={1} required value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />
                </label>
                <label>
                  Unpublish at (optional)
                  <input type="datetime-local" step={1} value={unpublishAt} onChange={(e) => setUnpublishAt(e.target.value)} />
                </label>
              </>
            ) : (
              <label>
                {asking.action === "REQUEST_CHANGES" ? "Comment" : "Reason"}
                <textarea required rows={4} value={text} onChange={(e) => setText(e.target.value)} />
              </label>
            )}
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <div className="actions">
              <button type="button" onClick={() => setAsking(null)}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={busy !== null}>
                {asking.action === "REQUEST_CHANGES" ? "Send back to the writer" : `Confirm: ${ACTION_LABELS[asking.action].toLowerCase()}`}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
