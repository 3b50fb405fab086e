// What a form holds that is not saved yet, kept until it is saved or thrown
// away: one store for every form, keyed by assessment, subject (an item, an
// activity, a screen) and form. A form reads its draft back when it is shown
// again — after another item, another screen (Ctrl+1…6), another month, or
// a reload of the data under it — and drops it when saved or discarded.
//
// A draft is *unsaved* (text or choices the person typed) or only
// *remembered* (a screen's state worth finding again, such as a folder
// path and the last import's result). Closing the window while any draft is
// unsaved asks first: the Rust side holds the close request while the store
// says so (`set_unsaved_work`).

import { SvelteMap } from "svelte/reactivity";

/** One kept draft. */
export interface Draft<T = unknown> {
  value: T;
  /** What it is, for people: "Catatan Tim Kerja P.1.i.a". */
  label: string;
  /** Typed and not saved (closing the window asks), or only remembered. */
  unsaved: boolean;
}

/** The key of a draft: assessment, subject (item code, `kegiatan#3`, a screen) and form. */
export function draftKey(assessment: number | null, subject: string, form: string): string {
  return `${assessment ?? 0}:${subject}:${form}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every form's drafts. */
export class Drafts {
  #kept = new SvelteMap<string, Draft>();

  /** The draft under `key`, if any. */
  get<T = string>(key: string): T | undefined {
    return this.#kept.get(key)?.value as T | undefined;
  }

  /** Whether a draft is kept under `key`. */
  has(key: string): boolean {
    return this.#kept.has(key);
  }

  /**
   * Keep `value` as unsaved under `key`. When it equals `saved` (what is
   * stored), there is nothing unsaved and the draft is dropped.
   */
  set<T>(key: string, value: T, label: string, saved?: T): void {
    if (saved !== undefined && same(value, saved)) {
      this.#kept.delete(key);
      return;
    }
    this.#kept.set(key, { value: $state.snapshot(value), label, unsaved: true });
  }

  /** Remember a screen's state under `key` (closing does not ask for it). */
  remember<T>(key: string, value: T, label: string): void {
    this.#kept.set(key, { value: $state.snapshot(value), label, unsaved: false });
  }

  /** Drop the draft under `key` (saved, or thrown away). */
  delete(key: string): void {
    this.#kept.delete(key);
  }

  /** What is unsaved, for people, in the order typed. */
  unsavedLabels(): string[] {
    return [...this.#kept.values()].filter((d) => d.unsaved).map((d) => d.label);
  }

  /** Whether anything typed is not saved. */
  get unsaved(): boolean {
    for (const d of this.#kept.values()) if (d.unsaved) return true;
    return false;
  }

  /** Drop every draft of an assessment (or all, for `null`). */
  clear(assessment: number | null = null): void {
    const prefix = `${assessment ?? 0}:`;
    for (const key of [...this.#kept.keys()]) if (assessment === null || key.startsWith(prefix)) this.#kept.delete(key);
  }
}

/** The one drafts store. */
export const drafts = new Drafts();
