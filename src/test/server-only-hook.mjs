// For a child process run without the react-server condition (react-dom/server, which renders the emails, refuses
// to load under it): `server-only` resolves to its no-op, as under vitest's alias. Used as `node --import tsx
// --import ./src/test/server-only-hook.mjs <script>`.
import { register } from "node:module";

const empty = new URL("../../node_modules/server-only/empty.js", import.meta.url).href;
const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(empty)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
