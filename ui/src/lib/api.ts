// Calling the app's commands: the generated bindings return
// `{ status: "ok", data } | { status: "error", error }`; the screens would
// rather await the data and catch an error with its message and kind.

import type { CmdError, ConsentKind, ErrorKind } from "./bindings";

/** A command's failure, with the core's Indonesian message and its kind. */
export class CommandError extends Error {
  override name = "CommandError";
  /** What kind of failure (a conflict, a full disk, a refusal needing consent, ...). */
  readonly kind: ErrorKind;
  /** For a refusal the user may override: what to agree to. */
  readonly consent: ConsentKind | null;

  constructor(error: CmdError | string | null | undefined) {
    // A command the window could not even call (arguments Tauri could not
    // read) fails with a bare string; it still reaches the screen, named.
    const typed = typeof error === "object" && error !== null && typeof error.message === "string";
    super(
      typed
        ? error.message || "Perintah gagal tanpa keterangan."
        : `Isian tidak dapat dikirim ke Daduk: ${typeof error === "string" && error ? error : "galat tanpa keterangan"}`,
    );
    this.kind = typed ? error.kind : "invalid";
    this.consent = typed ? error.consent : null;
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: CmdError };

type Listener = (error: CommandError) => void;
const listeners: Listener[] = [];

/** Be told of every command that fails (the app's kind-wide notices). */
export function onCommandError(listener: Listener): void {
  listeners.push(listener);
}

/** The data of a command, or a thrown [`CommandError`]. */
export async function call<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  if (outcome.status === "error") {
    const error = new CommandError(outcome.error);
    for (const listener of listeners) listener(error);
    throw error;
  }
  return outcome.data;
}

/** A notice the whole window shows for a kind of failure, beside the
 * screen's own message: what the kind means for the person and what to do. */
export interface KindNotice {
  kind: "conflict" | "disk_full" | "busy" | "corrupt";
  title: string;
  text: string;
  /** Reading the workspace again helps. */
  reload: boolean;
}

/** The window-wide notice for a failure of this kind, if it has one. */
export function noticeFor(kind: ErrorKind): KindNotice | null {
  switch (kind) {
    case "conflict":
      return {
        kind,
        title: "Data berubah di tempat lain",
        text: "Ruang kerja ini diubah juga oleh proses lain (perintah daduk atau jendela lain). Muat ulang untuk melihat keadaan terbaru, lalu ulangi.",
        reload: true,
      };
    case "disk_full":
      return {
        kind,
        title: "Disk penuh",
        text: "Tidak ada yang berubah. Kosongkan ruang di disk ruang kerja, lalu ulangi.",
        reload: false,
      };
    case "busy":
      return {
        kind,
        title: "Ruang kerja sedang dipakai",
        text: "Proses lain memegang ruang kerja terlalu lama. Tunggu sebentar, muat ulang, lalu ulangi.",
        reload: true,
      };
    case "corrupt":
      return {
        kind,
        title: "Basis data ruang kerja rusak",
        text: "Jalankan Periksa ulang di Impor & Verifikasi atau `daduk verify --repair`, dan simpan salinan folder ruang kerja sebelumnya.",
        reload: false,
      };
    default:
      return null;
  }
}

/** The message to show for anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return "Terjadi galat yang tidak dikenal.";
}

/** What a refusal asks the user to agree to, if it is one. */
export function consentOf(error: unknown): ConsentKind | null {
  return error instanceof CommandError ? error.consent : null;
}
