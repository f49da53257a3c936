// The schedule: an agenda of embargoed stories and live stories due to come down, by day, with
// their times in the newsroom's time zone; reschedule and unschedule from it (expectedVersion).
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { ScheduleDocument, ScheduleStoryDocument, UnscheduleStoryDocument, type ScheduleQuery } from "../gql/graphql";
import { useSession } from "../session";
import { Modal } from "../ui/Modal";
import { formatTime, isoToZoned, zonedToIso } from "../util/time";
import { addDays, agenda, dayLabel, dayOf, windowOf, type AgendaEntry } from "./agenda";
import { useRefresh } from "../util/useRefresh";
import { useDeskActivity } from "../api/live";
import "./schedule.css";

const DAYS = 14;
const REFRESH_MS = 15000;

type Row = ScheduleQuery["schedule"][number];

/** Move an embargo, or when a live story comes down: one scheduleArticle step with
 * expectedVersion, so the story is never left between two states. */
async function reschedule(row: Row, publishAt: string | null, unpublishAt: string | null): Promise<void> {
  const live = row.status === "PUBLISHED";
  await request(ScheduleStoryDocument, {
    id: row.id,
    expectedVersion: row.version,
    publishAt: live ? null : publishAt,
    unpublishAt,
  });
}

/** The wall-clock time a datetime-local input shows for an instant, to the second when it has
 * seconds. */
function wallClock(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  const full = isoToZoned(iso, timeZone, true);
  return full.endsWith(":00") ? full.slice(0, 16) : full;
}

function RescheduleDialog(props: { row: Row; timeZone: string; onClose(): void; onDone(message: string): void }) {
  const { row, timeZone } = props;
  const live = row.status === "PUBLISHED";
  const initial = { publish: wallClock(row.publishAt, timeZone), unpublish: wallClock(row.unpublishAt, timeZone) };
  const [publishAt, setPublishAt] = useState(initial.publish);
  const [unpublishAt, setUnpublishAt] = useState(initial.unpublish);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // A time left as it was is sent back exactly as the server has it.
      const publish = live || !publishAt ? null : publishAt === initial.publish ? row.publishAt : zonedToIso(publishAt, timeZone);
      const unpublish = !unpublishAt ? null : unpublishAt === initial.unpublish ? row.unpublishAt : zonedToIso(unpublishAt, timeZone);
      await reschedule(row, publish, unpublish);
      props.onDone(
        live
          ? `"${row.headline}" now comes down ${formatTime(unpublish, timeZone)}.`
          : `"${row.headline}" now publishes ${formatTime(publish, timeZone)}.`,
      );
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Reschedule" onClose={props.onClose}>
      <form className="dialog-form" onSubmit={(event) => void confirm(event)}>
        <p>
          <strong>{row.headline}</strong>. Times are in the newsroom's time zone, {timeZone}.
        </p>
        {!live && (
          <label>
            Publish at
            <input type="datetime-local" step={1} required value={publishAt} onChange={(event) => setPublishAt(event.target.value)} />
          </label>
        )}
        <label>
          {live ? "Unpublish at" : "Unpublish at (optional)"}
          <input type="datetime-local" step={1} required={live} value={unpublishAt} onChange={(event) => setUnpublishAt(event.target.value)} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Confirm: reschedule
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Entry(props: { entry: AgendaEntry<Row>; timeZone: string; busy: boolean; onReschedule(): void; onUnschedule(): void }) {
  const { entry, timeZone } = props;
  const { story } = entry;
  const headlineId = useId();
  const other =
    entry.kind === "publish"
      ? story.unpublishAt && `comes down ${formatTime(story.unpublishAt, timeZone)}`
      : story.status === "SCHEDULED"
        ? story.publishAt && `publishes ${formatTime(story.publishAt, timeZone)}`
        : story.publishedAt && `live since ${formatTime(story.publishedAt, timeZone)}`;
  const may = (action: string) => story.allowedActions.some((allowed) => allowed === action);
  return (
    <li className={`agenda-entry ${entry.kind}`}>
      <time dateTime={entry.at} className="clock">
        {entry.clock}
      </time>
      <span className="what">{entry.kind === "publish" ? "Publishes" : "Comes down"}</span>
      <span className="story">
        <Link to={`/stories/${story.id}`} id={headlineId}>
          {story.headline || "(no headline)"}
        </Link>
        {story.section && <span className="section"> · {story.section.name}</span>}
        {other && <span className="hint"> ({other})</span>}
      </span>
      <span className="entry-actions">
        {may("SCHEDULE") ? (
          <button type="button" aria-describedby={headlineId} disabled={props.busy} onClick={props.onReschedule}>
            Reschedule
          </button>
        ) : null}
        {may("UNSCHEDULE") && (
          <button type="button" aria-describedby={headlineId} disabled={props.busy} onClick={props.onUnschedule}>
            Unschedule
          </button>
        )}
      </span>
    </li>
  );
}

export default function SchedulePage() {
  const { newsroom } = useSession();
  const timeZone = newsroom.timeZone;
  const [params, setParams] = useSearchParams();
  const today = dayOf(new Date().toISOString(), timeZone);
  const first = /^\d{4}-\d{2}-\d{2}$/.test(params.get("from") ?? "") ? (params.get("from") as string) : today;
  const span = windowOf(first, DAYS, timeZone);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rescheduling, setRescheduling] = useState<Row | null>(null);

  const load = useCallback(async () => {
    try {
      const answer = await request(ScheduleDocument, windowOf(first, DAYS, timeZone));
      setRows(answer.schedule);
      setError(null);
    } catch (failure) {
      setError(plainWords(failure));
    }
  }, [first, timeZone]);

  useEffect(() => {
    setRows(null);
  }, [load]);
  useRefresh(load, REFRESH_MS); // the fallback while the live socket is down
  useDeskActivity(load);

  const unschedule = async (row: Row) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await request(UnscheduleStoryDocument, { id: row.id, expectedVersion: row.version });
      setDone(`"${row.headline}" is unscheduled: it is approved again and waits to be published or scheduled.`);
      await load();
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  const move = (day: string | null) => {
    const next = new URLSearchParams(params);
    if (day && day !== today) next.set("from", day);
    else next.delete("from");
    setParams(next, { replace: true });
  };

  const days = rows ? agenda(rows, span, timeZone) : [];
  const last = addDays(first, DAYS - 1);
  return (
    <section aria-labelledby="schedule-title" className="schedule">
      <div className="schedule-head">
        <h1 id="schedule-title">Schedule</h1>
        <p className="hint">
          {dayLabel(first)} to {dayLabel(last)}, times in {timeZone}.
        </p>
        <nav aria-label="Weeks" className="schedule-pager">
          <button type="button" onClick={() => move(addDays(first, -DAYS))}>
            Earlier
          </button>
          <button type="button" onClick={() => move(null)} disabled={first === today}>
            From today
          </button>
          <button type="button" onClick={() => move(addDays(first, DAYS))}>
            Later
          </button>
        </nav>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}{" "}
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </p>
      )}
      <p role="status" className="hint">
        {done}
      </p>
      {rows === null && !error && <p className="loading">Loading the schedule…</p>}
      {rows !== null && days.length === 0 && <p>Nothing is scheduled to publish or come down in these {DAYS} days.</p>}
      {days.map((day) => (
        <section key={day.day} aria-labelledby={`day-${day.day}`} className="agenda-day">
          <h2 id={`day-${day.day}`}>{dayLabel(day.day)}</h2>
          <ol>
            {day.entries.map((entry) => (
              <Entry
                key={`${entry.kind}-${entry.story.id}`}
                entry={entry}
                timeZone={timeZone}
                busy={busy}
                onReschedule={() => setRescheduling(entry.story)}
                onUnschedule={() => void unschedule(entry.story)}
              />
            ))}
          </ol>
        </section>
      ))}
      {rescheduling && (
        <RescheduleDialog
          row={rescheduling}
          timeZone={timeZone}
          onClose={() => setRescheduling(null)}
          onDone={(message) => {
            setRescheduling(null);
            setDone(message);
            void load();
          }}
        />
      )}
    </section>
  );
}
