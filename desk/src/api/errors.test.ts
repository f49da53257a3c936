import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "./client";
import { WORDS, plainWords } from "./errors";

/** Every extensions.code the server can answer: the members of cms/errors.py's ErrorCode. */
function serverCodes(): string[] {
  const text = readFileSync(join(__dirname, "../../../cms/errors.py"), "utf8");
  const body = text.split("class ErrorCode(StrEnum):")[1]?.split("\n\n\n")[0] ?? "";
  return [...body.matchAll(/^ {4}([A-Z_]+) = "\1"$/gm)].map((match) => match[1] as string);
}

describe("plain words", () => {
  it("has words for every extensions.code the server can answer", () => {
    const codes = serverCodes();
    expect(codes.length).toBeGreaterThan(8);
    const missing = codes.filter((code) => !(code in WORDS));
    expect(missing).toEqual([]);
  });

  it("lists every field a blocked publish names", () => {
    const error = new ApiError("blocked", { code: "BAD_USER_INPUT", fields: { headline: "required", leadMedia: "needs alt text" } });
    expect(plainWords(error)).toContain("Headline: required; Lead picture: needs alt text");
  });

  it("says when the server cannot be reached", () => {
    expect(plainWords(new NetworkError())).toMatch(/cannot be reached/);
  });
});
