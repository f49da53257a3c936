import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "./client";
import { WORDS, plainWords } from "./errors";

function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pythonFiles(path);
    return name.endsWith(".py") ? [path] : [];
  });
}

describe("plain words", () => {
  it("has words for every extensions.code the server can answer", () => {
    const codes = new Set<string>();
    for (const file of pythonFiles(join(__dirname, "../../../cms"))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bcode = "([A-Z_]+)"|"code": "([A-Z_]+)"|return "(GRAPHQL_[A-Z_]+)"/g)) {
        codes.add((match[1] ?? match[2] ?? match[3]) as string);
      }
    }
    expect(codes.size).toBeGreaterThan(8);
    const missing = [...codes].filter((code) => !(code in WORDS));
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
