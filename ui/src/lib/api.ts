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

  constructor(error: CmdError) {
    super(error.message);
    this.kind = error.kind;
    this.consent = error.consent;
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: CmdError };

/** The data of a command, or a thrown [`CommandError`]. */
export async function call<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  if (outcome.status === "error") throw new CommandError(outcome.error);
  return outcome.data;
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
