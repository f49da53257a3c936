// The schedule as an agenda: each story's publish and unpublish times that fall in the window,
// grouped by day and ordered by time, days and times read in the newsroom's time zone.
import { isoToZoned, zonedToIso } from "../util/time";

export interface Timed {
  id: string;
  status: string;
  publishAt: string | null;
  unpublishAt: string | null;
}

export interface AgendaEntry<T extends Timed> {
  kind: "publish" | "unpublish";
  at: string;
  /** "09:30" in the newsroom's zone. */
  clock: string;
  story: T;
}

export interface AgendaDay<T extends Timed> {
  /** "2026-12-01": the day in the newsroom's zone. */
  day: string;
  entries: AgendaEntry<T>[];
}

/** The day ("2026-12-01") an instant falls on in the zone. */
export function dayOf(iso: string, timeZone: string): string {
  return isoToZoned(iso, timeZone).slice(0, 10);
}

/** The day so many days after another (calendar days: the zone's clock changes do not matter). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** The instant a day starts in the zone (ISO, UTC). */
export function startOfDay(day: string, timeZone: string): string {
  return zonedToIso(`${day}T00:00`, timeZone);
}

/** "Tuesday, 1 December 2026". */
export function dayLabel(day: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** The window of `days` days starting on `first`, as the instants schedule(from, to) takes. */
export function windowOf(first: string, days: number, timeZone: string): { from: string; to: string } {
  return { from: startOfDay(first, timeZone), to: startOfDay(addDays(first, days), timeZone) };
}

/** Every publish and unpublish time in [from, to), by day, in time order. A scheduled story
 * publishes at publishAt; any story comes down at unpublishAt. */
export function agenda<T extends Timed>(stories: readonly T[], window: { from: string; to: string }, timeZone: string): AgendaDay<T>[] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const inWindow = (iso: string | null): iso is string => iso !== null && Date.parse(iso) >= from && Date.parse(iso) < to;
  const entries: AgendaEntry<T>[] = [];
  for (const story of stories) {
    if (story.status === "SCHEDULED" && inWindow(story.publishAt)) entries.push(entry("publish", story.publishAt, story, timeZone));
    if (inWindow(story.unpublishAt)) entries.push(entry("unpublish", story.unpublishAt, story, timeZone));
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind === b.kind ? 0 : a.kind === "publish" ? -1 : 1));
  const days: AgendaDay<T>[] = [];
  for (const item of entries) {
    const day = dayOf(item.at, timeZone);
    const last = days[days.length - 1];
    if (last && last.day === day) last.entries.push(item);
    else days.push({ day, entries: [item] });
  }
  return days;
}

function entry<T extends Timed>(kind: AgendaEntry<T>["kind"], at: string, story: T, timeZone: string): AgendaEntry<T> {
  return { kind, at, clock: isoToZoned(at, timeZone).slice(11, 16), story };
}
