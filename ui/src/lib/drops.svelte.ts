// Files dragged onto the window from the file manager. Tauri reports the
// drag and, on drop, the files' paths; whichever screen registered a target
// (the open item, the folder import) receives them.

import type { DragDropEvent } from "@tauri-apps/api/webview";

/** Where dropped paths go, and what to tell the person while dragging. */
export interface DropTarget {
  /** Shown over the window while dragging, e.g. "Lampirkan ke P.1.i.a". */
  label: string;
  accept: (paths: string[]) => void;
}

class Drops {
  /** Something is being dragged over the window. */
  dragging = $state(false);
  target = $state.raw<DropTarget | null>(null);

  handle(event: DragDropEvent): void {
    if (event.type === "enter" || event.type === "over") {
      this.dragging = true;
    } else if (event.type === "leave") {
      this.dragging = false;
    } else if (event.type === "drop") {
      this.dragging = false;
      if (event.paths.length > 0) this.target?.accept(event.paths);
    }
  }

  /** Receive drops until the returned function is called. */
  register(target: DropTarget): () => void {
    this.target = target;
    return () => {
      if (this.target === target) this.target = null;
    };
  }
}

/** The one drop router. */
export const drops = new Drops();
