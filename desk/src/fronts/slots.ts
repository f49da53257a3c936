// A front's slots as the editor arranges them: pure list operations, so dragging and the
// keyboard buttons share one set of rules (no duplicates, at most maxSlots).

export interface SlotStory {
  id: string;
  headline: string;
  status: string;
}

/** The list with the item at `from` moved to `to` (both clamped to the list). */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  const target = Math.max(0, Math.min(list.length - 1, to));
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item as T);
  return next;
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, at) => at !== index);
}

/** Why this story cannot go on the front now, or null if it can. */
export function refusal(list: readonly SlotStory[], story: SlotStory, maxSlots: number): string | null {
  if (list.some((one) => one.id === story.id)) return "It is already on this front.";
  if (list.length >= maxSlots) return `A front holds at most ${maxSlots} stories; remove one first.`;
  if (story.status !== "PUBLISHED" && story.status !== "SCHEDULED") return "Only published or scheduled stories go on a front.";
  return null;
}

/** The story placed at `index` (the end when past it); a story already there is moved instead. */
export function place(list: readonly SlotStory[], story: SlotStory, index: number, maxSlots: number): SlotStory[] {
  const at = list.findIndex((one) => one.id === story.id);
  if (at >= 0) return move(list, at, at < index ? index - 1 : index);
  if (refusal(list, story, maxSlots)) return [...list];
  const next = [...list];
  next.splice(Math.max(0, Math.min(list.length, index)), 0, story);
  return next;
}

/** The same stories in the same order. */
export function sameSlots(a: readonly { id: string }[], b: readonly { id: string }[]): boolean {
  return a.length === b.length && a.every((one, index) => one.id === b[index]?.id);
}
