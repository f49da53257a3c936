// A picture's editable fields as the desk's panel holds them (text as typed, the rights' end as
// a wall-clock time in the newsroom's zone), what of them changed, and the MediaInput that
// carries those changes. Unsaved changes are kept in this browser until the server has them.
import type { DeskPictureFragment, MediaInput } from "../gql/graphql";
import { isoToZoned, zonedToIso } from "../util/time";

export interface PictureForm {
  caption: string;
  altText: string;
  creator: string;
  agency: string;
  distributor: string;
  copyright: string;
  license: string;
  usageTerms: string;
  /** "2026-12-01T18:00" in the newsroom's zone, or "" for none. */
  rightsExpire: string;
}

export type PictureField = keyof PictureForm;

export const PICTURE_FIELDS: readonly PictureField[] = [
  "caption",
  "altText",
  "creator",
  "agency",
  "distributor",
  "copyright",
  "license",
  "usageTerms",
  "rightsExpire",
];

/** The panel's form for a picture as the server has it. */
export function pictureForm(asset: DeskPictureFragment, timeZone: string): PictureForm {
  return {
    caption: asset.caption ?? "",
    altText: asset.altText ?? "",
    creator: asset.creator ?? "",
    agency: asset.agency ?? "",
    distributor: asset.distributor ?? "",
    copyright: asset.copyright ?? "",
    license: asset.license ?? "",
    usageTerms: asset.usageTerms ?? "",
    rightsExpire: asset.rightsExpireAt ? isoToZoned(asset.rightsExpireAt, timeZone) : "",
  };
}

/** The fields where `mine` differs from `base`. */
export function changedPictureFields(base: PictureForm, mine: PictureForm): PictureField[] {
  return PICTURE_FIELDS.filter((field) => base[field] !== mine[field]);
}

const orNull = (text: string): string | null => (text.trim() === "" ? null : text);

/** The partial update that carries these fields (blank clears, left out stays). */
export function pictureInput(form: PictureForm, fields: readonly PictureField[], timeZone: string): MediaInput {
  const input: MediaInput = {};
  for (const field of fields) {
    if (field === "rightsExpire") input.rightsExpireAt = form.rightsExpire ? zonedToIso(form.rightsExpire, timeZone) : null;
    else input[field] = orNull(form[field]);
  }
  return input;
}

// --- Unsaved changes, kept until the server has them -------------------------------------

export interface PictureDraft {
  /** The version the changes were made on. */
  version: number;
  changes: Partial<PictureForm>;
}

const key = (id: string) => `cms.desk.picture.${id}`;

export function keepPictureDraft(id: string, draft: PictureDraft | null): void {
  try {
    if (draft === null || Object.keys(draft.changes).length === 0) localStorage.removeItem(key(id));
    else localStorage.setItem(key(id), JSON.stringify(draft));
  } catch {
    // A full or blocked storage: the changes still stand in the panel.
  }
}

export function pictureDraft(id: string): PictureDraft | null {
  try {
    const text = localStorage.getItem(key(id));
    if (!text) return null;
    const parsed = JSON.parse(text) as PictureDraft;
    const changes: Partial<PictureForm> = {};
    for (const field of PICTURE_FIELDS) {
      const value = parsed.changes?.[field];
      if (typeof value === "string") changes[field] = value;
    }
    return typeof parsed.version === "number" ? { version: parsed.version, changes } : null;
  } catch {
    return null;
  }
}

/** The changes of `mine` from `base`, as a draft to keep. */
export function draftOf(base: PictureForm, mine: PictureForm, version: number): PictureDraft {
  const changes: Partial<PictureForm> = {};
  for (const field of changedPictureFields(base, mine)) changes[field] = mine[field];
  return { version, changes };
}
