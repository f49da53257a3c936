// The picture desk's pure rules: credit lines as readers see them, rights about to end, the
// focal point a click gives, the crops shown for it, and uploads a few at a time.

export interface CreditParts {
  creator: string | null;
  agency: string | null;
  distributor: string | null;
}

/** What a credit line calls a file, by its kind (the server's words). */
const CREDIT_KIND: Record<string, string> = { IMAGE: "Photo", VIDEO: "Video", AUDIO: "Audio" };

const part = (text: string | null | undefined): string | null => {
  const tidy = (text ?? "").split(/\s+/).filter(Boolean).join(" ");
  return tidy === "" ? null : tidy;
};

/**
 * The credit line readers will see, in house style: "Photo by CREATOR/AGENCY via DISTRIBUTOR"
 * (the server's render_credit, cms/domain/credits.py). An agency alone is printed bare.
 */
export function creditLine(credit: CreditParts, kind = "IMAGE"): string {
  const creator = part(credit.creator);
  const agency = part(credit.agency);
  const distributor = part(credit.distributor);
  const noun = CREDIT_KIND[kind] ?? "Photo";
  let names = "";
  if (creator && agency) names = `${noun} by ${creator}/${agency}`;
  else if (creator) names = `${noun} by ${creator}`;
  else names = agency ?? "";
  return distributor ? `${names} via ${distributor}`.trim() : names;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Rights that end within `days` from now (and have not ended yet): the picture gets a badge. */
export function rightsEndSoon(rightsExpireAt: string | null | undefined, now: number, days = 7): boolean {
  if (!rightsExpireAt) return false;
  const end = new Date(rightsExpireAt).getTime();
  return end > now && end - now <= days * DAY_MS;
}

export interface Point {
  x: number;
  y: number;
}

/** The focal point (fractions of width and height from the top left) a click at (x, y) names. */
export function focalPointAt(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): Point {
  const fraction = (offset: number, size: number) => {
    if (size <= 0) return 0.5;
    return Math.round(Math.min(1, Math.max(0, offset / size)) * 1000) / 1000;
  };
  return { x: fraction(clientX - box.left, box.width), y: fraction(clientY - box.top, box.height) };
}

/** The crops previewed for a focal point: sizes the server signs (an allowed width at a shape). */
export const CROPS = [
  { name: "16:9", width: 320, height: 180 },
  { name: "1:1", width: 320, height: 320 },
  { name: "4:5", width: 320, height: 400 },
] as const;

/** At most this many uploads go at once; the rest wait their turn. */
export const UPLOADS_AT_ONCE = 3;

/**
 * Run `work` on every item, at most `limit` at once, in order of the items; one failing does not
 * stop the others. Settles when all have.
 */
export async function eachAtMost<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: "fulfilled", value: await work(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/** "2.4 MB", "830 KB": a file's size for people. */
export function fileSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1000))} KB`;
}

/** Why the server refused a file (the `reason` of its BAD_USER_INPUT), in plain words. */
export const REFUSALS: Record<string, string> = {
  UNSUPPORTED_MEDIA: "This is not a file the library takes: JPEG, PNG, WebP or GIF pictures; MP4, MOV, WebM or Ogg video; MP3, M4A, WAV or Ogg audio.",
  CORRUPT_MEDIA: "The file is damaged and cannot be read.",
  TOO_LARGE: "The file is too large.",
  DECOMPRESSION_BOMB: "The picture has too many pixels to take.",
};
