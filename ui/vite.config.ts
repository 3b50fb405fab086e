import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The build is embedded in the Tauri app (src-tauri/tauri.conf.json points at
// ui/dist), so everything must be local: no CDN, no remote fonts, and nothing
// inlined that the strict CSP would refuse.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { port: 1420, strictPort: true },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
