// The tRPC layout rule, as a check a test runs over src/server/api/routers (and over broken fixtures, to prove it bites):
// a `_router.ts` only wires `<guard>.input(Z<Action>InputSchema).query|mutation(({ ctx, input }) => <action>Handler({ ctx, input }))`;
// every procedure has its `<action>.schema.ts` and `<action>.handler.ts`; no file there queries the database.
import ts from "typescript";

/** Source text by path relative to the routers folder, e.g. "lesson/_router.ts", "common.schema.ts". */
export type RouterFiles = ReadonlyMap<string, string>;

export interface Procedure {
  router: string;
  name: string;
  guard: string;
  kind: "query" | "mutation";
}

export interface LayoutReport {
  procedures: Procedure[];
  violations: string[];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Text no router file may contain: it would be a query, or logic, rather than wiring. */
const NOT_WIRING: [RegExp, string][] = [
  [/\bawait\b|\basync\b/, "awaits something (logic belongs in the handler)"],
  [/services\.db|ctx\.db/, "reaches the database"],
  [/prisma/i, "mentions Prisma"],
  [/\$(queryRaw|executeRaw|transaction)/, "runs SQL"],
];

/** Text no handler (or a folder's shared `.util.ts`) may contain: a handler calls a service, which does the querying. */
const NO_DB_IN_HANDLERS: [RegExp, string][] = [
  [/ctx\.db\b/, "reads ctx.db (pass ctx.services to a service instead)"],
  [/\bdb\.[a-zA-Z]+\.[a-zA-Z]+\(/, "calls a Prisma model"],
  [/\$(queryRaw|executeRaw|transaction)/, "runs SQL"],
  [/from "(~\/generated\/prisma[^"]*|@prisma\/[^"]*|~\/server\/db\/[^"]*)"/, "imports the database layer"],
];

function imports(sf: ts.SourceFile): Map<string, string> {
  const byName = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const from = st.moduleSpecifier.text;
    const named = st.importClause?.namedBindings;
    if (named && ts.isNamedImports(named)) for (const el of named.elements) byName.set(el.name.text, from);
    if (st.importClause?.name) byName.set(st.importClause.name.text, from);
  }
  return byName;
}

function exportedNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const st of sf.statements) {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    if ((ts.isTypeAliasDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isInterfaceDeclaration(st)) && st.name)
      names.add(st.name.text);
  }
  return names;
}

/** `({ ctx, input }) => fooHandler({ ctx, input })`, nothing else: returns the handler's name. */
function wiredHandler(fn: ts.Expression): string | null {
  if (!ts.isArrowFunction(fn) || fn.modifiers?.length || fn.parameters.length !== 1) return null;
  const param = fn.parameters[0]!.name;
  if (!ts.isObjectBindingPattern(param) || param.elements.map((e) => e.getText()).join(",") !== "ctx,input") return null;
  const call = fn.body;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.arguments.length !== 1) return null;
  const arg = call.arguments[0]!;
  if (!ts.isObjectLiteralExpression(arg) || arg.properties.map((p) => p.getText()).join(",") !== "ctx,input") return null;
  return call.expression.text;
}

function checkRouter(router: string, path: string, source: string, report: LayoutReport) {
  const bad = (what: string) => report.violations.push(`${path}: ${what}`);
  for (const [pattern, what] of NOT_WIRING) if (pattern.test(source)) bad(what);
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const imported = imports(sf);
  for (const [name, from] of imported) {
    if (from !== "~/server/api/trpc" && !/^\.\/[A-Za-z]+\.(schema|handler)$/.test(from)) bad(`imports ${name} from ${from}`);
  }
  let routerObject: ts.ObjectLiteralExpression | null = null;
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) continue;
    const decl = ts.isVariableStatement(st) ? st.declarationList.declarations[0] : undefined;
    const init = decl?.initializer;
    const isRouter =
      decl &&
      ts.isIdentifier(decl.name) &&
      decl.name.text === `${router}Router` &&
      init &&
      ts.isCallExpression(init) &&
      init.expression.getText() === "createTRPCRouter";
    if (isRouter && ts.isObjectLiteralExpression(init.arguments[0]!)) routerObject = init.arguments[0] as ts.ObjectLiteralExpression;
    else bad(`has a statement that is not the router: ${st.getText().slice(0, 60)}`);
  }
  if (!routerObject) return bad(`does not export ${router}Router = createTRPCRouter({ … })`);

  for (const prop of routerObject.properties) {
    if (!ts.isPropertyAssignment(prop)) {
      bad(`entry ${prop.getText().slice(0, 40)} is not "name: procedure"`);
      continue;
    }
    const name = prop.name.getText();
    // Unwind guard.input(Z).[output(Z).]query|mutation(fn) from the outside in.
    const outer = prop.initializer;
    const end = ts.isCallExpression(outer) && ts.isPropertyAccessExpression(outer.expression) ? outer : null;
    const kind = end?.expression.getText().split(".").pop();
    if (!end || (kind !== "query" && kind !== "mutation")) {
      bad(`${name}: does not end in .query(…) or .mutation(…)`);
      continue;
    }
    const handler = wiredHandler(end.arguments[0]!);
    if (handler !== `${name}Handler`) bad(`${name}: the resolver must be ({ ctx, input }) => ${name}Handler({ ctx, input })`);
    else if (imported.get(handler) !== `./${name}.handler`) bad(`${name}: ${handler} must come from ./${name}.handler`);
    let chain = (end.expression as ts.PropertyAccessExpression).expression;
    let input: string | null = null;
    while (ts.isCallExpression(chain) && ts.isPropertyAccessExpression(chain.expression)) {
      const method = chain.expression.name.text;
      if (method === "input") input = chain.arguments[0]?.getText() ?? null;
      else if (method !== "output") bad(`${name}: .${method}(…) in a router (only .input, .output, .query, .mutation)`);
      chain = chain.expression.expression;
    }
    const guard = chain.getText();
    if (!/^[a-z]+Procedure$/.test(guard) || imported.get(guard) !== "~/server/api/trpc")
      bad(`${name}: ${guard} is not a procedure from trpc.ts`);
    const schema = `Z${cap(name)}InputSchema`;
    if (input !== schema) bad(`${name}: .input(${schema}) is missing (got ${input ?? "none"})`);
    else if (imported.get(schema) !== `./${name}.schema`) bad(`${name}: ${schema} must come from ./${name}.schema`);
    report.procedures.push({ router, name, guard, kind });
  }
}

/** Check the whole routers folder; `root` is src/server/api/root.ts's text (every router must be mounted). */
export function checkRouterLayout(files: RouterFiles, root: string): LayoutReport {
  const report: LayoutReport = { procedures: [], violations: [] };
  const bad = (path: string, what: string) => report.violations.push(`${path}: ${what}`);
  const folders = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split("/");
    if (parts.length === 1) {
      if (path !== "common.schema.ts" && !path.endsWith(".test.ts")) bad(path, "only common.schema.ts lives beside the router folders");
    } else if (parts.length === 2) folders.add(parts[0]!);
    else bad(path, "router folders are one level deep");
  }
  for (const router of folders) {
    const routerPath = `${router}/_router.ts`;
    const source = files.get(routerPath);
    if (source === undefined) {
      bad(router, "has no _router.ts");
      continue;
    }
    const before = report.procedures.length;
    checkRouter(router, routerPath, source, report);
    const procs = report.procedures.slice(before).map((p) => p.name);
    if (!new RegExp(`\\b${router}: ${router}Router\\b`).test(root) || !root.includes(`"./routers/${router}/_router"`)) {
      bad(routerPath, `is not mounted in root.ts as ${router}: ${router}Router`);
    }

    for (const name of procs) {
      const N = cap(name);
      const schemaPath = `${router}/${name}.schema.ts`;
      const handlerPath = `${router}/${name}.handler.ts`;
      const schema = files.get(schemaPath);
      const handler = files.get(handlerPath);
      if (schema === undefined) bad(schemaPath, `missing: ${router}.${name} has no schema file`);
      else {
        const names = exportedNames(ts.createSourceFile(schemaPath, schema, ts.ScriptTarget.Latest, true));
        for (const n of [`Z${N}InputSchema`, `T${N}InputSchema`]) if (!names.has(n)) bad(schemaPath, `does not export ${n}`);
      }
      if (handler === undefined) bad(handlerPath, `missing: ${router}.${name} has no handler file`);
      else {
        const names = exportedNames(ts.createSourceFile(handlerPath, handler, ts.ScriptTarget.Latest, true));
        if (!names.has(`${name}Handler`)) bad(handlerPath, `does not export ${name}Handler`);
        if (!new RegExp(`\\(\\{ ctx(, input)? \\}: ${N}Options\\)`).test(handler))
          bad(handlerPath, `${name}Handler must take ({ ctx, input }: ${N}Options)`);
      }
    }
    for (const path of files.keys()) {
      if (!path.startsWith(`${router}/`)) continue;
      const file = path.slice(router.length + 1);
      const m = /^([A-Za-z]+)\.(schema|handler)\.ts$/.exec(file);
      if (m && !procs.includes(m[1]!)) bad(path, `belongs to no procedure of ${router}Router`);
      if (!m && file !== "_router.ts" && !/^[a-z-]+\.util\.ts$/.test(file) && !file.endsWith(".test.ts")) {
        bad(path, "is not a _router.ts, <action>.schema.ts, <action>.handler.ts or a shared <name>.util.ts");
      }
      if (m?.[2] === "handler" || file.endsWith(".util.ts")) {
        for (const [pattern, what] of NO_DB_IN_HANDLERS) if (pattern.test(files.get(path)!)) bad(path, what);
      }
    }
  }
  return report;
}
