// Times at the desk are shown and typed in the newsroom's time zone, whatever the browser's.

/** "30 Nov 2026, 14:05" in the given IANA zone ("30 Nov 2026, 14:05:09" with seconds). */
export function formatTime(
  iso: string | null | undefined,
  timeZone: string,
  { seconds = false }: { seconds?: boolean } = {},
): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
  }).format(new Date(iso));
}

function wallClock(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

/** The instant (ISO, UTC) a wall-clock time ("2026-12-01T09:30", as a datetime-local input gives)
 * names in the zone. A time skipped by a clock change moves forward by the gap. */
export function zonedToIso(local: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) throw new Error(`not a date and time: ${local}`);
  const [, y, mo, d, h, mi, s] = match;
  const wanted = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  let instant = wanted - (wallClock(wanted, timeZone) - wanted);
  instant += wanted - wallClock(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The wall-clock time ("2026-12-01T09:30", with seconds "…T09:30:15") an instant shows in
 * the zone, for datetime-local. */
export function isoToZoned(iso: string, timeZone: string, seconds = false): string {
  return new Date(wallClock(new Date(iso).getTime(), timeZone)).toISOString().slice(0, seconds ? 19 : 16);
}

/** "3 minutes ago", or the time itself when older than a day. */
export function relativeTime(iso: string, timeZone: string, now = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  return formatTime(iso, timeZone);
}
