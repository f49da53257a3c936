// @vitest-environment jsdom
// BodyEditor and the page: the page gets the blocks after typing stops and at once when it
// asks (flushBodyEditors, Ctrl+S, blur), never on load, and a body the page changes is shown.
import type { Editor } from "@tiptap/core";
import { act, type ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BlockInput } from "../gql/graphql";
import { BodyEditor, CHANGE_DELAY_MS, flushBodyEditors } from "./BodyEditor";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const run = (text: string) => ({ text, bold: false, italic: false, href: null });
const para = (text: string): BlockInput => ({ paragraph: { inlines: [run(text)] } });

let host: HTMLElement;
let root: Root;

beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.useRealTimers();
});

function render(element: ReactElement) {
  act(() => root.render(element));
}

function textbox(): HTMLElement & { editor: Editor } {
  const box = host.querySelector<HTMLElement>('[role="textbox"]');
  if (!box) throw new Error("no textbox");
  return box as HTMLElement & { editor: Editor };
}

/** Type at the end of the body, as keystrokes would (one transaction each). */
function type(text: string) {
  const { editor } = textbox();
  act(() => {
    for (const char of text) editor.chain().focus("end").insertContent(char).run();
  });
}

describe("BodyEditor", () => {
  it("is a textbox named by its label, with tools", () => {
    render(<BodyEditor value={[para("One.")]} onChange={() => undefined} readOnly={false} label="Body" />);
    const box = textbox();
    expect(box.getAttribute("aria-label")).toBe("Body");
    expect(box.getAttribute("aria-multiline")).toBe("true");
    expect(box.getAttribute("contenteditable")).toBe("true");
    expect(host.querySelector('[role="toolbar"]')).not.toBeNull();
    expect(host.querySelector(".body-stats")?.textContent).toBe("1 word · 1 min read");
  });

  it("read-only: not editable, said so, no tools", () => {
    const value = [para("One.")];
    render(<BodyEditor value={value} onChange={() => undefined} readOnly={false} label="Body" />);
    render(<BodyEditor value={value} onChange={() => undefined} readOnly label="Body" />);
    expect(textbox().getAttribute("contenteditable")).toBe("false");
    expect(textbox().getAttribute("aria-readonly")).toBe("true");
    expect(host.querySelector('[role="toolbar"]')).toBeNull();
  });

  it("gives the page nothing on load, and the blocks once typing stops", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const onChange = vi.fn();
    render(<BodyEditor value={[para("One.")]} onChange={onChange} readOnly={false} label="Body" />);
    expect(onChange).not.toHaveBeenCalled();
    type(" Two.");
    expect(onChange).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(CHANGE_DELAY_MS));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenLastCalledWith([para("One. Two.")]);
    expect(host.querySelector(".body-stats")?.textContent).toBe("2 words · 1 min read");
  });

  it("gives the page the blocks at once when it asks, on Ctrl+S and on blur", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const onChange = vi.fn();
    render(<BodyEditor value={[para("One.")]} onChange={onChange} readOnly={false} label="Body" />);
    type(" Two.");
    act(() => flushBodyEditors());
    expect(onChange).toHaveBeenLastCalledWith([para("One. Two.")]);

    type(" Three.");
    act(() => {
      textbox().dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true }));
    });
    expect(onChange).toHaveBeenLastCalledWith([para("One. Two. Three.")]);

    act(() => textbox().focus());
    type(" Four.");
    act(() => textbox().blur());
    expect(onChange).toHaveBeenLastCalledWith([para("One. Two. Three. Four.")]);
    expect(onChange).toHaveBeenCalledTimes(3);
    // Nothing pending: the timer has nothing more to give.
    act(() => vi.advanceTimersByTime(CHANGE_DELAY_MS * 2));
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it("gives the page what was typed when it goes away", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const onChange = vi.fn();
    render(<BodyEditor value={[para("One.")]} onChange={onChange} readOnly={false} label="Body" />);
    type(" Two.");
    act(() => root.render(<p>elsewhere</p>));
    expect(onChange).toHaveBeenLastCalledWith([para("One. Two.")]);
  });

  it("shows a body the page changed, without handing it back", () => {
    const onChange = vi.fn();
    render(<BodyEditor value={[para("Mine.")]} onChange={onChange} readOnly={false} label="Body" />);
    render(<BodyEditor value={[para("Theirs."), { heading: { text: "Then", level: 3 } }]} onChange={onChange} readOnly={false} label="Body" />);
    expect(textbox().textContent).toBe("Theirs.Then");
    act(() => flushBodyEditors());
    expect(onChange).not.toHaveBeenCalled();
  });

  it("keeps what is being typed when the page gives back the same blocks as a new array", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const onChange = vi.fn();
    render(<BodyEditor value={[para("One.")]} onChange={onChange} readOnly={false} label="Body" />);
    type(" Two.");
    render(<BodyEditor value={[para("One.")]} onChange={onChange} readOnly={false} label="Body" />);
    act(() => flushBodyEditors());
    expect(onChange).toHaveBeenLastCalledWith([para("One. Two.")]);
  });
});

describe("the page's hooks", () => {
  /** Node views render through Tiptap's portals on their own schedule: wait, inside act. */
  async function until<T>(find: () => T | null | undefined): Promise<T> {
    for (let tries = 0; tries < 200; tries += 1) {
      const found = find();
      if (found) return found;
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
      });
    }
    throw new Error("not there in time");
  }

  function click(element: Element | null | undefined) {
    if (!(element instanceof HTMLElement)) throw new Error("nothing to click");
    act(() => element.click());
  }
  const byText = (selector: string, text: string) =>
    [...host.querySelectorAll(selector)].find((element) => element.textContent === text);

  it("a picture added from the menu is the one the page's picker chose", async () => {
    const onChange = vi.fn();
    const onPickPicture = vi.fn(async () => ({ assetId: "a1", caption: "Quay Street at dawn", credit: "Ines Varga", altText: null }));
    render(<BodyEditor value={[para("One.")]} onChange={onChange} readOnly={false} label="Body" onPickPicture={onPickPicture} />);
    click(byText("button", "+ Add block"));
    await act(async () => {
      byText('[role="menuitem"]', "Picture")?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    });
    expect(onPickPicture).toHaveBeenCalledTimes(1);
    act(() => flushBodyEditors());
    expect(onChange).toHaveBeenLastCalledWith([
      para("One."),
      { media: { assetId: "a1", caption: "Quay Street at dawn", credit: "Ines Varga", altText: null } },
    ]);
  });

  it("a picker that chooses nothing adds nothing", async () => {
    const onChange = vi.fn();
    render(<BodyEditor value={[para("One.")]} onChange={onChange} readOnly={false} label="Body" onPickPicture={async () => null} />);
    click(byText("button", "+ Add block"));
    await act(async () => {
      byText('[role="menuitem"]', "Picture")?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    });
    act(() => flushBodyEditors());
    expect(onChange).not.toHaveBeenCalled();
    expect(host.querySelector('[aria-label="Picture asset ID"]')).toBeNull();
  });

  it("a related link names the story found by words of its headline", async () => {
    const onChange = vi.fn();
    const onFindStory = vi.fn(async (words: string) => [{ id: "s7", headline: `Harbour wall: ${words}` }]);
    const value: BlockInput[] = [para("One.")];
    render(<BodyEditor value={value} onChange={onChange} readOnly={false} label="Body" onFindStory={onFindStory} />);
    click(byText("button", "+ Add block"));
    click(byText('[role="menuitem"]', "Related link"));
    const search = await until(() => host.querySelector<HTMLInputElement>('input[role="combobox"]'));
    act(() => {
      // React reads the value through the native setter.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(search, "repairs");
      search.dispatchEvent(new Event("input", { bubbles: true }));
    });
    const result = await until(() => byText(".story-results button", "Harbour wall: repairs"));
    expect(onFindStory).toHaveBeenCalledWith("repairs");
    click(result);
    await until(() => host.querySelector(".chosen-story")?.textContent === "Story: Harbour wall: repairs");
    act(() => flushBodyEditors());
    expect(onChange).toHaveBeenLastCalledWith([para("One."), { relatedLink: { label: "READ:", articleId: "s7", text: null } }]);
  });
});
