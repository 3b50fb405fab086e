// The app's state: the workspace, the open assessment with everything the
// core computed for it, the screen, the selected item, the role being
// worked in and the list filter. Screens read it and call its actions; the
// core does all the work.

import {
  commands,
  events,
  type AssessmentState,
  type Role,
  type UnitOverview,
  type WorkspaceInfo,
} from "../lib/bindings";
import { call, messageOf, noticeFor, onCommandError, type KindNotice } from "../lib/api";
import { draftKey, drafts } from "../lib/drafts.svelte";
import { itemStatuses, filtered, type Filter, type ItemStatus } from "../lib/status";
import { indexTemplate, type ItemEntry, type LkeIndex } from "../lib/tree";

/** The screens of the app. */
export type Screen = "start" | "penilaian" | "ringkasan" | "impor" | "laporan" | "rencana";

/** A yes/no question shown as a dialog. */
export interface Question {
  title: string;
  body: string;
  yes: string;
  no: string;
  answer: (yes: boolean) => void;
}

const WIDTH_KEY = "daduk.sidebarWidth";
export const SIDEBAR_MIN = 280;
export const SIDEBAR_MAX = 640;

function readWidth(): number {
  const stored = Number(globalThis.localStorage?.getItem(WIDTH_KEY));
  return Number.isFinite(stored) && stored >= SIDEBAR_MIN && stored <= SIDEBAR_MAX ? stored : 360;
}

/** The name of a role's side for people. */
export function sideName(role: Role): string {
  return role === "unit" ? "Tim Kerja" : role === "tpi" ? "TPI" : "TPN";
}

class App {
  /** The window-wide notice of the last failure whose kind has one. */
  notice = $state<KindNotice | null>(null);

  constructor() {
    onCommandError((error) => {
      const notice = noticeFor(error.kind);
      if (notice) this.notice = notice;
    });
  }

  /** Read the workspace and the open assessment again (after a conflict). */
  async reload(): Promise<void> {
    this.notice = null;
    await this.loadOverview();
    await this.refresh();
  }

  /** The workspace in use (`null` until the first answer). */
  workspace = $state.raw<WorkspaceInfo | null>(null);
  /** Every unit with its assessments in figures. */
  overview = $state.raw<UnitOverview[]>([]);
  /** Why the start screen could not be filled, if it could not. */
  overviewError = $state<string | null>(null);

  screen = $state<Screen>("start");
  /** The open assessment. */
  assessmentId = $state<number | null>(null);
  template = $state.raw<LkeIndex | null>(null);
  data = $state.raw<AssessmentState | null>(null);
  /**
   * Whose answers are edited: the unit's (Tim Kerja), TPI's, or TPN's
   * (the national evaluation's values, recorded by either workspace).
   */
  role = $state<Role>("unit");
  /** The item shown in the Penilaian screen. */
  selected = $state<string | null>(null);
  filter = $state<Filter>("all");
  /** The search palette is open. */
  searching = $state(false);
  /** A message about the last failed refresh. */
  error = $state<string | null>(null);
  /**
   * The side this workspace answers for the open assessment: TPI for a
   * unit's assessment that came in a packet, else the workspace's own role.
   * Editing the other side asks first (once per assessment).
   */
  ownSide = $state<Role>("unit");
  /** The person agreed to edit the other side of the open assessment. */
  otherSideAllowed = $state(false);
  /** A question waiting for an answer (a confirmation dialog). */
  question = $state<Question | null>(null);
  /** Every form's unsaved text (see `drafts.svelte.ts`). */
  readonly drafts = drafts;
  /** Sidebar (LKE tree) width in px, remembered on this computer. */
  sidebarWidth = $state(readWidth());

  /** Per-item status, recomputed when the data changes. */
  statuses = $derived<Map<string, ItemStatus>>(
    this.template && this.data ? itemStatuses(this.template, this.data) : new Map(),
  );

  /** The items the filter lets through, in LKE order. */
  visible = $derived<ItemEntry[]>(
    this.template ? filtered(this.template, this.statuses, this.filter, this.role) : [],
  );

  /** Load the workspace and its units. */
  async start(): Promise<void> {
    this.workspace = await call(commands.workspaceInfo());
    await this.loadOverview();
  }

  async loadOverview(): Promise<void> {
    if (this.workspace?.error || !this.workspace?.path) {
      this.overview = [];
      return;
    }
    try {
      this.overview = await call(commands.workspaceOverview());
      this.overviewError = null;
    } catch (e) {
      this.overviewError = messageOf(e);
    }
  }

  /** Use another workspace folder; throws the core's message on failure. */
  async openWorkspace(path: string): Promise<void> {
    // Drafts are keyed by this workspace's assessment ids: another
    // workspace must not inherit them, and unsaved ones are asked about.
    const unsaved = drafts.unsavedLabels();
    if (unsaved.length > 0) {
      const yes = await this.ask({
        title: "Pindah ruang kerja?",
        body: `Ada isian yang belum disimpan:\n${unsaved.map((w) => `• ${w}`).join("\n")}\nPindah ke ruang kerja lain membuangnya.`,
        yes: "Pindah dan buang isian",
        no: "Kembali",
      });
      if (!yes) return;
    }
    drafts.clear();
    try {
      this.workspace = await call(commands.openWorkspace(path));
    } finally {
      // A failed open leaves no workspace: show that rather than stale data.
      if (this.workspace?.path !== path) this.workspace = await call(commands.workspaceInfo());
      this.close();
      await this.loadOverview();
    }
  }

  /** Open an assessment on the Penilaian screen. */
  async open(assessmentId: number, screen: Screen = "penilaian"): Promise<void> {
    const [doc, data] = await Promise.all([
      call(commands.templateDoc(assessmentId)),
      call(commands.assessmentState(assessmentId)),
    ]);
    if (this.template?.doc.id !== doc.id || this.template.doc.name !== doc.name) {
      this.template = indexTemplate(doc);
    }
    this.assessmentId = assessmentId;
    this.data = data;
    // A unit's assessment received in a packet is reviewed here: it opens
    // on the TPI side. Otherwise the side this workspace is for.
    this.ownSide = data.received ? "tpi" : (this.workspace?.role ?? "unit");
    this.role = this.ownSide;
    this.otherSideAllowed = false;
    this.filter = "all";
    this.selected = this.template?.items[0]?.item.code ?? null;
    this.screen = screen;
  }

  /** Ask a yes/no question in a dialog; resolves to the answer. */
  ask(q: Omit<Question, "answer">): Promise<boolean> {
    return new Promise((resolve) => {
      this.question = {
        ...q,
        answer: (yes) => {
          this.question = null;
          resolve(yes);
        },
      };
    });
  }

  /**
   * Whether a write of `side` may go ahead: always on this workspace's own
   * side and on TPN's; on the other side (an evaluator changing the unit's answers, notes
   * or data dukung, a Tim Kerja giving TPI's verdicts) only after saying yes
   * once for the open assessment. The yes is recorded in the change log.
   */
  async mayWrite(side: Role = this.role): Promise<boolean> {
    // TPN's result is nobody's own side: either workspace records it.
    if (side === "tpn" || side === this.ownSide || this.otherSideAllowed) return true;
    const unit = this.data ? `${this.data.unit.code} ${this.data.assessment.year}` : "";
    const why = this.data?.received
      ? `Penilaian ${unit} diterima dari unit; jawaban, catatan dan data dukung Tim Kerja adalah milik unit itu.`
      : `Ruang kerja ini milik penilai (TPI); sisi Tim Kerja penilaian ${unit} adalah milik unit.`;
    const yes = await this.ask(
      side === "unit"
        ? {
            title: "Ubah sisi Tim Kerja unit?",
            body: `${why} Sebagai penilai, isi sisi TPI. Perubahan di sisi Tim Kerja dicatat di log sebagai perubahan sisi lain. Tetap ubah sisi Tim Kerja?`,
            yes: "Ya, ubah sisi Tim Kerja",
            no: "Batal",
          }
        : {
            title: "Isi penilaian TPI?",
            body: `Ruang kerja ini milik Tim Kerja unit. Sisi TPI biasanya diisi penilai (Inspektorat). Tetap isi sisi TPI untuk ${unit}, misalnya sebagai latihan? Perubahan ini dicatat di log sebagai perubahan sisi lain.`,
            yes: "Ya, isi sisi TPI",
            no: "Batal, kembali ke Tim Kerja",
          },
    );
    if (yes) {
      this.otherSideAllowed = true;
      // A log that cannot be written (a read-only workspace) refuses the
      // write that follows too, with its own message.
      if (this.assessmentId !== null) await call(commands.noteOtherSide(this.assessmentId, side)).catch(() => undefined);
    } else if (this.role !== this.ownSide) {
      this.role = this.ownSide;
    }
    return yes;
  }

  /** Whether an edit of the side being worked in may go ahead (see `mayWrite`). */
  mayEdit(): Promise<boolean> {
    return this.mayWrite(this.role);
  }

  /** Key of a draft of the open assessment. */
  draftKey(item: string, what: string, role: Role = this.role): string {
    return draftKey(this.assessmentId, item, `${what}:${role}`);
  }

  /** Remember the sidebar width. */
  setSidebarWidth(px: number): void {
    const w = Math.round(Math.min(SIDEBAR_MAX, Math.max(SIDEBAR_MIN, px)));
    this.sidebarWidth = w;
    globalThis.localStorage?.setItem(WIDTH_KEY, String(w));
  }

  /** Say whose workspace this is. */
  async setWorkspaceRole(role: Role): Promise<void> {
    this.workspace = await call(commands.setWorkspaceRole(role));
  }

  /** Back to the start screen with no assessment open. */
  close(): void {
    this.assessmentId = null;
    this.data = null;
    this.selected = null;
    this.screen = "start";
  }

  /** Read the open assessment again after a change. */
  async refresh(): Promise<void> {
    if (this.assessmentId === null) return;
    try {
      this.data = await call(commands.assessmentState(this.assessmentId));
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Show an item on the Penilaian screen. */
  select(code: string): void {
    this.selected = code;
    this.screen = "penilaian";
  }

  /** The next or previous item among the visible ones. */
  step(delta: number): void {
    const list = this.visible;
    if (list.length === 0) return;
    const at = list.findIndex((e) => e.item.code === this.selected);
    const next = at < 0 ? list[delta > 0 ? 0 : list.length - 1] : list[at + delta];
    if (next) this.selected = next.item.code;
  }
}

/** The one app state. */
export const app = new App();

/** Tell the Rust side whether anything is unsaved (it holds a close then). */
export const setUnsavedWork = (unsaved: boolean) => call(commands.setUnsavedWork(unsaved));

/** Close the window without asking again. */
export const closeWindow = () => call(commands.closeWindow());

/** Be told when a close is held for unsaved text; resolves to the stop function. */
export const onCloseRequested = (listener: () => void) => events.closeRequested.listen(listener);
