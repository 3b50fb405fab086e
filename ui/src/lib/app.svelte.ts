// The app's state: the workspace, the open assessment with everything the
// core computed for it, the screen, the selected item, the role being
// worked in and the list filter. Screens read it and call its actions; the
// core does all the work.

import {
  commands,
  type AssessmentState,
  type Role,
  type UnitOverview,
  type WorkspaceInfo,
} from "./bindings";
import { call, messageOf } from "./api";
import { itemStatuses, filtered, type Filter, type ItemStatus } from "./status";
import { indexTemplate, type ItemEntry, type LkeIndex } from "./tree";

/** The screens of the app. */
export type Screen = "start" | "penilaian" | "ringkasan" | "impor" | "laporan" | "rencana";

class App {
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
  /** Whose answers are edited: the unit's (Tim Kerja) or TPI's. */
  role = $state<Role>("unit");
  /** The item shown in the Penilaian screen. */
  selected = $state<string | null>(null);
  filter = $state<Filter>("all");
  /** The search palette is open. */
  searching = $state(false);
  /** A message about the last failed refresh. */
  error = $state<string | null>(null);

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
    this.filter = "all";
    this.selected = this.template?.items[0]?.item.code ?? null;
    this.screen = screen;
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
