// Calling the app's commands: the generated bindings return
// `{ status: "ok", data } | { status: "error", error }`; the screens would
// rather await the data and catch a message.

/** A command's failure, with the core's Indonesian message. */
export class CommandError extends Error {
  override name = "CommandError";
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: string };

/** The data of a command, or a thrown [`CommandError`] with its message. */
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
