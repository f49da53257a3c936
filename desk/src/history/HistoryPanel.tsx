// The story's history: the workflow steps with their comments and reasons, the saved revisions
// (compare any two, restore one) and the corrections as readers see them.
import { useEffect, useState } from "react";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { StoryRevisionsDocument, type StoryFieldsFragment } from "../gql/graphql";
import { formatTime } from "../util/time";
import { Corrections } from "./Corrections";
import { Revisions } from "./Revisions";
import "./history.css";
import { who, type CorrectionEntry, type HistoryActions, type RevisionEntry } from "./shared";

const STEP_WORDS: Record<string, string> = {
  CREATE: "Created",
  IMPORT: "Imported",
  SUBMIT: "Submitted for review",
  REQUEST_CHANGES: "Changes requested",
  APPROVE: "Approved",
  PUBLISH: "Published",
  SCHEDULE: "Scheduled",
  UNSCHEDULE: "Unscheduled",
  UNPUBLISH: "Unpublished",
  TAKE_DOWN: "Taken down",
  ARCHIVE: "Archived",
  RESTORE: "Earlier revision restored",
  CORRECT: "Correction added",
  TAKE_OVER_LEASE: "Took the story over",
};

/** What the comment of a step is, in the newsroom's words. */
const COMMENT_WORDS: Record<string, string> = {
  REQUEST_CHANGES: "Comment",
  UNPUBLISH: "Reason",
  TAKE_DOWN: "Reason",
  CORRECT: "Correction",
};

function Timeline({ story, timeZone }: { story: StoryFieldsFragment; timeZone: string }) {
  // Plain saves are the revisions below; the timeline is the story's steps.
  const steps = story.history.filter((event) => event.action !== "UPDATE").reverse();
  return (
    <section aria-labelledby="history-steps" className="history-steps">
      <h3 id="history-steps">Workflow steps</h3>
      {steps.length === 0 && <p className="hint">No step yet.</p>}
      <ol>
        {steps.map((event, index) => (
          <li key={index}>
            <strong>{STEP_WORDS[event.action] ?? event.action.toLowerCase().replace(/_/g, " ")}</strong> by {who(event.actor)},{" "}
            <time dateTime={event.at}>{formatTime(event.at, timeZone)}</time>
            {event.comment && (
              <blockquote>
                <span className="comment-kind">{COMMENT_WORDS[event.action] ?? "Comment"}: </span>
                {event.comment}
              </blockquote>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function HistoryPanel(props: {
  story: StoryFieldsFragment;
  timeZone: string;
  canRestore: boolean;
  canCorrect: boolean;
  authorName(id: string): string;
  actions: HistoryActions;
}) {
  const { story, timeZone } = props;
  const [revisions, setRevisions] = useState<RevisionEntry[] | null>(null);
  const [corrections, setCorrections] = useState<CorrectionEntry[]>([]);
  const [error, setError] = useState<string | null>(null);

  // Read again whenever the story moves on: a save, a restore or a correction.
  useEffect(() => {
    let live = true;
    request(StoryRevisionsDocument, { id: story.id })
      .then(({ article }) => {
        if (!live || !article) return;
        setRevisions(article.revisions);
        setCorrections(article.corrections);
        setError(null);
      })
      .catch((failure: unknown) => live && setError(plainWords(failure)));
    return () => {
      live = false;
    };
  }, [story.id, story.version]);

  return (
    <section aria-label="History" className="history-panel">
      <h2>History</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="history-grid">
        <Timeline story={story} timeZone={timeZone} />
        <Revisions
          storyId={story.id}
          revisions={revisions}
          timeZone={timeZone}
          canRestore={props.canRestore}
          authorName={props.authorName}
          actions={props.actions}
        />
        <Corrections story={story} corrections={corrections} timeZone={timeZone} canCorrect={props.canCorrect} actions={props.actions} />
      </div>
    </section>
  );
}
