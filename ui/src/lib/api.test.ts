import { describe, expect, it } from "vitest";
import { call, CommandError, noticeFor, onCommandError } from "./api";

describe("command failures", () => {
  it("are thrown with their kind and told to every listener", async () => {
    const seen: string[] = [];
    onCommandError((e) => seen.push(e.kind));
    const failing = Promise.resolve({
      status: "error" as const,
      error: { kind: "conflict" as const, message: "unit PKM-1 sudah ada", consent: null },
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
    expect(noticeFor("not_found")).toBeNull();
  });
});
