// The commands of Ringkasan.

import { commands } from "../../lib/bindings";
import { call } from "../../lib/api";

/** A unit's years side by side (oldest first), from `first` to `last`. */
export const unitTrend = (unit: string, first: number, last: number) => call(commands.unitTrend(unit, first, last));
