// The desk is served by the CMS at /desk/: hashed files under assets/ (cached for a year),
// index.html never cached. `npm run dev` proxies the API to a `cms serve` on port 8000.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const api = process.env.CMS_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/desk/",
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
  },
  server: {
    proxy: { "/admin": api, "/graphql": api, "/media": api, "/renditions": api },
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
  },
});
