// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import type { DeskPictureFragment } from "../gql/graphql";
import { changedPictureFields, draftOf, keepPictureDraft, pictureDraft, pictureForm, pictureInput } from "./pictureForm";

const asset = {
  id: "a1",
  caption: "Firefighters at the Halvard plant.",
  altText: null,
  creator: "Tomas Averill",
  agency: "AFP",
  distributor: null,
  copyright: "© 2026 AFP",
  license: null,
  usageTerms: "Editorial use only.",
  rightsExpireAt: "2026-12-05T00:00:00+00:00",
} as unknown as DeskPictureFragment;

describe("the picture form", () => {
  it("holds the asset's fields as text, the rights' end in the newsroom's zone", () => {
    const form = pictureForm(asset, "Europe/Helsinki");
    expect(form.altText).toBe("");
    expect(form.rightsExpire).toBe("2026-12-05T02:00");
  });

  it("sends only what changed, blanks as null, the rights' end back in UTC", () => {
    const base = pictureForm(asset, "Europe/Helsinki");
    const mine = { ...base, agency: "", distributor: "Getty Images", rightsExpire: "2026-12-10T09:30" };
    const fields = changedPictureFields(base, mine);
    expect(fields).toEqual(["agency", "distributor", "rightsExpire"]);
    expect(pictureInput(mine, fields, "Europe/Helsinki")).toEqual({
      agency: null,
      distributor: "Getty Images",
      rightsExpireAt: "2026-12-10T07:30:00.000Z",
    });
    expect(pictureInput({ ...mine, rightsExpire: "" }, ["rightsExpire"], "UTC")).toEqual({ rightsExpireAt: null });
  });
});

describe("picture drafts", () => {
  beforeEach(() => localStorage.clear());
  it("keep the changes and their version until cleared", () => {
    const base = pictureForm(asset, "UTC");
    keepPictureDraft("a1", draftOf(base, { ...base, caption: "New words." }, 4));
    expect(pictureDraft("a1")).toEqual({ version: 4, changes: { caption: "New words." } });
    keepPictureDraft("a1", draftOf(base, base, 4));
    expect(pictureDraft("a1")).toBeNull();
  });
  it("ignore what is not a draft", () => {
    localStorage.setItem("cms.desk.picture.a2", "{not json");
    expect(pictureDraft("a2")).toBeNull();
    localStorage.setItem("cms.desk.picture.a3", JSON.stringify({ version: 2, changes: { caption: 7, agency: "AP" } }));
    expect(pictureDraft("a3")).toEqual({ version: 2, changes: { agency: "AP" } });
  });
});
