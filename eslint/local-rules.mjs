// Two small local rules for boundaries that path globs cannot express: whether a module under src/app or
// src/components can reach the browser is written in the file itself (a "use client" directive, or `import
// "server-only"`), not in its path — no-restricted-imports and eslint-plugin-boundaries select files by path only.
import path from "node:path";

const NEXT_SERVER_ENTRY = /(^|\/)(page|layout|not-found|loading|template|default|route|sitemap|robots|opengraph-image)\.(tsx?|jsx?)$/;
const SERVER_IMPORT = /^~\/server(\/|$)/;

const rel = (context) => path.relative(context.cwd, context.filename).split(path.sep).join("/");

function hasDirective(program, value) {
  for (const node of program.body) {
    if (node.type !== "ExpressionStatement" || typeof node.directive !== "string") return false;
    if (node.directive === value) return true;
  }
  return false;
}

const importsServerOnly = (program) => program.body.some((n) => n.type === "ImportDeclaration" && n.source.value === "server-only");

/** Whether an import or export-from brings runtime code (type-only ones are erased before any bundle is built). */
function isValueImport(node) {
  if (node.importKind === "type" || node.exportKind === "type") return false;
  const specifiers = node.specifiers ?? [];
  if (node.type === "ImportDeclaration" && specifiers.length === 0) return true; // side-effect import
  return specifiers.length === 0 || specifiers.some((s) => s.importKind !== "type" && s.exportKind !== "type");
}

/** The path an import points at, from the repository root ("src/server/…"), for ~/ and relative specifiers. */
function target(context, source) {
  if (source.startsWith("~/")) return `src/${source.slice(2)}`;
  if (source.startsWith(".")) return path.posix.normalize(path.posix.join(path.posix.dirname(rel(context)), source));
  return null;
}

const clientNeverImportsServer = {
  meta: {
    type: "problem",
    docs: { description: "Browser-reachable modules in src/app and src/components never import ~/server (type-only imports aside)." },
    messages: {
      server:
        "{{source}}: client code never imports ~/server/** — this module can reach the browser ({{why}}). Move shared pure code to src/shared/, " +
        'read the value from a procedure, or, for a server-only helper, start the file with import "server-only". Type-only imports are fine.',
    },
    schema: [],
  },
  create(context) {
    const file = rel(context);
    let why = null;
    return {
      Program(program) {
        if (hasDirective(program, "use client")) why = 'it has "use client"';
        else if (!importsServerOnly(program) && !NEXT_SERVER_ENTRY.test(file) && !file.startsWith("src/app/api/")) {
          why =
            'it is neither a Next server entry (page, layout, route…) nor marked import "server-only", so client components may import it';
        }
      },
      "ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration"(node) {
        if (!why || !node.source || !isValueImport(node)) return;
        const source = String(node.source.value);
        const to = target(context, source);
        if (SERVER_IMPORT.test(source) || (to && /^src\/server(\/|$)/.test(to))) {
          context.report({ node, messageId: "server", data: { source, why } });
        }
      },
    };
  },
};

const serverOnlyFirst = {
  meta: {
    type: "problem",
    docs: { description: 'Every server module starts with import "server-only", so a client import fails the build.' },
    messages: { missing: 'Start this server module with import "server-only"; (it must never reach a browser bundle).' },
    schema: [],
  },
  create(context) {
    return {
      Program(program) {
        const first = program.body.find((n) => n.type !== "ExpressionStatement" || typeof n.directive !== "string");
        const ok = first && first.type === "ImportDeclaration" && first.source.value === "server-only";
        if (!ok) context.report({ node: first ?? program, messageId: "missing" });
      },
    };
  },
};

export const lessonpayRules = {
  meta: { name: "lessonpay-boundaries" },
  rules: { "client-never-imports-server": clientNeverImportsServer, "server-only-first": serverOnlyFirst },
};
