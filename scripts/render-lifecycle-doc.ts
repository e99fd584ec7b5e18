// Writes docs/lifecycle.md from the lifecycle graph and default policy: `npx tsx scripts/render-lifecycle-doc.ts`.
// A unit test fails whenever the committed file and the code disagree.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderLifecycleMermaid } from "../src/server/lifecycle/graph";

const target = fileURLToPath(new URL("../docs/lifecycle.md", import.meta.url));
writeFileSync(target, renderLifecycleMermaid());
console.log(`wrote ${target}`);
