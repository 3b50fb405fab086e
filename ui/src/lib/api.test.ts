import { describe, expect, it } from "vitest";
import { call, CommandError, noticeFor, onCommandError } from "./api";

describe("command failures", () => {
  it("are thrown with their kind and told to every listener", async () => {
    const seen: string[] = [];
    onCommandError((e) => seen.push(e.kind));
    const failing = Promise.resolve({
      status: "error" as const,
      error: { kind: "conflict" as const, message: "data berubah di proses lain", consent: null },
    });
    await expect(call(failing)).rejects.toBeInstanceOf(CommandError);
    expect(seen).toEqual(["conflict"]);
    expect(await call(Promise.resolve({ status: "ok" as const, data: 7 }))).toBe(7);
    expect(seen).toEqual(["conflict"]);
  });

  it("get a window-wide notice where the kind means something to do", () => {
    expect(noticeFor("conflict")?.reload).toBe(true);
    expect(noticeFor("disk_full")?.title).toBe("Disk penuh");
    expect(noticeFor("disk_full")?.reload).toBe(false);
    expect(noticeFor("busy")?.reload).toBe(true);
    expect(noticeFor("invalid")).toBeNull();
    // Something that exists already is said where it was typed, not as
    // "Data berubah di tempat lain".
    expect(noticeFor("exists")).toBeNull();
    expect(noticeFor("not_found")).toBeNull();
  });

  it("reach the screen with their text also when the window could not call the command", async () => {
    const refused = Promise.resolve({
      status: "error" as const,
      error: "invalid args `activity` for command `add_activity`: kode '1.i.a' tidak sah" as never,
    });
    const error = await call(refused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toContain("kode '1.i.a' tidak sah");
    expect((error as CommandError).kind).toBe("invalid");
    const empty = await call(Promise.resolve({ status: "error" as const, error: "" as never })).catch((e: unknown) => e);
    expect((empty as CommandError).message).not.toBe("");
  });
});
