// Perbandingan's command: the built-in LKE, to name the areas it compares.

import { commands } from "../../lib/bindings";
import { call } from "../../lib/api";

/** The built-in template (no assessment open). */
export const builtInTemplate = () => call(commands.templateDoc(null));
