// What the main pane shows: the template overview, an area, or an item.

export type Selection =
  | { kind: "overview" }
  | { kind: "area"; code: string }
  | { kind: "item"; code: string };
